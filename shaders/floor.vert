// floor.vert — a quad covering the restaurant's rectangle. The #version line is prepended per
// target (app/gl_shader.cpp): GLSL ES 3.00 on WebGL2 and on native OpenGL ES 3.
in vec2 a_corner;          // (0,0) .. (1,1)
uniform vec4 u_rect;       // x, y, width, height in framebuffer pixels (origin bottom-left)
uniform vec2 u_viewport;   // framebuffer size
out vec2 v_pos;            // pixels inside the rectangle, origin top-left
void main() {
  vec2 pixel = u_rect.xy + a_corner * u_rect.zw;
  v_pos = vec2(a_corner.x, 1.0 - a_corner.y) * u_rect.zw;
  gl_Position = vec4(pixel / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
