// floor.frag — the restaurant's floor: dining-room boards on the left, kitchen tiles on the
// right, a soft light that breathes with time, and the pass (the counter) between them.
precision highp float;
in vec2 v_pos;
uniform vec4 u_rect;
uniform float u_time;
uniform float u_scale;     // framebuffer pixels per UI unit (high-DPI screens)
uniform vec3 u_dining;     // theme colours
uniform vec3 u_kitchen;
uniform vec3 u_pass;
out vec4 frag_color;

void main() {
  vec2 p = v_pos / u_scale;                  // UI units, so tiles keep their size on any DPI
  float width = u_rect.z / u_scale;
  float split = width * 0.5;
  vec3 color;
  if (p.x < split) {
    float board = floor(p.y / 22.0);         // wooden boards, staggered
    float grain = fract((p.x + board * 37.0) / 160.0);
    color = u_dining * (0.94 + 0.06 * step(0.97, grain)) * (0.97 + 0.03 * mod(board, 2.0));
  } else {
    vec2 tile = floor((p - vec2(split, 0.0)) / 28.0);
    float checker = mod(tile.x + tile.y, 2.0);
    color = u_kitchen * (0.95 + 0.05 * checker);
  }
  float pass = smoothstep(10.0, 6.0, abs(p.x - split));
  color = mix(color, u_pass, pass);
  vec2 centre = vec2(width * 0.5, 0.0);
  float light = 0.04 * (1.0 + 0.25 * sin(u_time * 0.8)) * exp(-length(p - centre) / 600.0);
  frag_color = vec4(color + light, 1.0);
}
