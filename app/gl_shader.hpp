// gl_shader.hpp — compile a program from the GLSL in shaders/ (embedded at build time).
#pragma once
#include <GLES3/gl3.h>

#include <string>

namespace brigade::app {

// Prepends the #version line (GLSL ES 3.00 on WebGL2 and native ES 3). On a compile or link
// error, returns 0 and fills `error` with the shader's name and the driver's info log.
GLuint build_program(const char* vertex_name, const char* vertex_src, const char* fragment_name,
                     const char* fragment_src, std::string& error);

}  // namespace brigade::app
