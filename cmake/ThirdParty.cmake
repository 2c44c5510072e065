# Third-party code, built from the Debian source packages that scripts/setup.sh unpacked into
# .deps/ (never committed): Dear ImGui 1.86 on both targets, SDL2 2.26.5 for the web target.
# Natively SDL2 is Debian's libsdl2-dev.
set(IMGUI_DIR "${BRIGADE_DEPS_DIR}/imgui-1.86")
set(SDL2_SRC_DIR "${BRIGADE_DEPS_DIR}/SDL2-2.26.5")
foreach(dir IN ITEMS "${IMGUI_DIR}" "${SDL2_SRC_DIR}")
  if(NOT EXISTS "${dir}/.complete")
    message(FATAL_ERROR "${dir} is missing: run scripts/setup.sh first (the README's commands do).")
  endif()
endforeach()

# ---------------------------------------------------------------- SDL2
if(EMSCRIPTEN)
  # SDL's own sources with its shipped SDL_config_emscripten.h (which turns pthreads on when
  # -pthread is set). Emscripten's SDL2 port cannot be used: its cache is frozen, offline.
  set(_sdl_dirs
    . atomic audio audio/disk audio/dummy audio/emscripten cpuinfo dynapi events file
    filesystem/emscripten haptic haptic/dummy hidapi joystick joystick/emscripten
    joystick/virtual libm loadso/dlopen locale locale/emscripten misc misc/emscripten power
    power/emscripten render render/opengles2 render/software sensor sensor/dummy stdlib thread
    thread/pthread timer timer/unix video video/dummy video/emscripten video/yuv2rgb)
  set(_sdl_sources "")
  foreach(dir IN LISTS _sdl_dirs)
    file(GLOB _found CONFIGURE_DEPENDS "${SDL2_SRC_DIR}/src/${dir}/*.c")
    list(APPEND _sdl_sources ${_found})
  endforeach()
  add_library(sdl2_web STATIC ${_sdl_sources})
  target_include_directories(sdl2_web SYSTEM PUBLIC "${SDL2_SRC_DIR}/include")
  target_compile_options(sdl2_web PRIVATE -idirafter "${SDL2_SRC_DIR}/src/video/khronos" -w)
  add_library(SDL2::SDL2 ALIAS sdl2_web)
else()
  find_package(SDL2 REQUIRED CONFIG)
endif()

# ---------------------------------------------------------------- Dear ImGui
add_library(imgui STATIC
  "${IMGUI_DIR}/imgui.cpp" "${IMGUI_DIR}/imgui_draw.cpp" "${IMGUI_DIR}/imgui_tables.cpp"
  "${IMGUI_DIR}/imgui_widgets.cpp"
  "${IMGUI_DIR}/backends/imgui_impl_sdl.cpp" "${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
target_include_directories(imgui SYSTEM PUBLIC "${IMGUI_DIR}" "${IMGUI_DIR}/backends")
# OpenGL ES 3 on both targets (WebGL2 in the browser), so one set of shaders serves both.
target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
# Dear ImGui 1.86 is C++11 code; C++20 only adds warnings.
set_target_properties(imgui PROPERTIES CXX_STANDARD 17)
target_compile_options(imgui PRIVATE -w)
target_link_libraries(imgui PUBLIC SDL2::SDL2)
if(NOT EMSCRIPTEN)
  target_link_libraries(imgui PUBLIC GLESv2)
endif()
