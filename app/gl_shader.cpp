// gl_shader.cpp — shader compilation with errors that name the shader.
#include "gl_shader.hpp"

namespace brigade::app {

namespace {
constexpr const char* kVersion = "#version 300 es\n";

GLuint compile(GLenum type, const char* name, const char* source, std::string& error) {
  GLuint shader = glCreateShader(type);
  const char* parts[] = {kVersion, source};
  glShaderSource(shader, 2, parts, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok == GL_TRUE) return shader;
  char log[2048] = {};
  glGetShaderInfoLog(shader, sizeof log, nullptr, log);
  error = std::string("shader ") + name + " failed to compile:\n" + log;
  glDeleteShader(shader);
  return 0;
}
}  // namespace

GLuint build_program(const char* vertex_name, const char* vertex_src, const char* fragment_name,
                     const char* fragment_src, std::string& error) {
  GLuint vs = compile(GL_VERTEX_SHADER, vertex_name, vertex_src, error);
  if (vs == 0) return 0;
  GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_name, fragment_src, error);
  if (fs == 0) {
    glDeleteShader(vs);
    return 0;
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glBindAttribLocation(program, 0, "a_corner");
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok == GL_TRUE) return program;
  char log[2048] = {};
  glGetProgramInfoLog(program, sizeof log, nullptr, log);
  error = std::string("program ") + vertex_name + " + " + fragment_name + " failed to link:\n" + log;
  glDeleteProgram(program);
  return 0;
}

}  // namespace brigade::app
