// app.hpp — the App: one object that owns the document (the editor's program), the session
// that runs it, the model built from trace events, and the views. Platform-free: the host
// (host_sdl.cpp) gives it a GL context, input through ImGuiIO and a clock; it draws with ImGui
// and the floor shader. The automation API (window.brigade on the web, flags natively) calls
// the public methods below, on the UI thread, between frames.
#pragma once
#include <brigade/trace.hpp>
#include <cstdint>
#include <deque>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <brigade/lang/explore.hpp>

#include "editor.hpp"
#include "floor_renderer.hpp"
#include "fonts.hpp"
#include "recording.hpp"
#include "run_model.hpp"
#include "scene_view.hpp"
#include "live_check.hpp"
#include "session.hpp"
#include "theme.hpp"
#include "timeline_view.hpp"

namespace brigade::app {

// "Same program, another capacity": what run() rewrites the channel constructors to.
struct Capacity {
  enum class Kind { AsWritten, Bounded, Unbounded } kind = Kind::AsWritten;
  std::size_t bound = 0;
};

// Where the editor's text of each example is kept between visits (localStorage on the web): an
// edited example opens as it was left; "Reset example" brings back the original.
class Keeper {
 public:
  virtual ~Keeper() = default;
  [[nodiscard]] virtual std::optional<std::string> kept(std::string_view example) = 0;
  virtual void keep(std::string_view example, const std::string& text) = 0;
  virtual void forget(std::string_view example) = 0;  // the example is as shipped again
};

class App {
 public:
  // Threading::None: a host where no thread can start (a page without shared memory): every
  // run is under virtual time, and frame() advances it (and an exploration) a few ms at a time.
  explicit App(Threading threading = Threading::Threads);
  ~App();

  bool init_gl(std::string& error);  // after the GL context exists
  void shutdown_gl();
  // Rebuild the font atlas when the pixel density changed; true if the host must re-upload it.
  bool ensure_fonts(float scale);
  // The system's light/dark preference; the theme follows it unless the user picked one.
  void set_system_dark(bool dark);
  void set_theme(Theme theme);
  // One UI frame, between ImGui::NewFrame() and ImGui::Render(). `seconds` since start.
  void frame(double seconds);
  // Only the restaurant, filling the window: a widget on a tutorial page (embed.js), whose code,
  // buttons and console are the page's own.
  void set_scene_only(bool scene_only) { scene_only_ = scene_only; }
  // Takes the run's news now, between frames (what frame() does first): automation that waits
  // for a run's end sees it without waiting for the next frame of a busy page.
  void refresh();

  // ---- automation (and the UI's own buttons)
  void load(std::string source);                  // into the editor; stops nothing
  // false: no such example. Its kept text, if it was edited before (set_keeper).
  bool load_example(std::string_view id);
  // The example as shipped, and nothing kept of its edits.
  void reset_example();
  [[nodiscard]] bool example_edited() const;
  // From now on, edits of an example are kept there (nullptr: nowhere); not owned.
  void set_keeper(Keeper* keeper);
  void run(std::optional<double> speed = std::nullopt, Capacity capacity = {});
  // Real threads, or virtual time with a seed or a schedule to replay (the next runs use it).
  // (Without threads, virtual time always: a mode asking for real threads gets it anyway.)
  void set_mode(RunMode mode) {
    mode_ = std::move(mode);
    if (session_.threading() == Threading::None) mode_.virtual_time = true;
  }
  [[nodiscard]] bool threads_available() const noexcept { return session_.threading() == Threading::Threads; }
  [[nodiscard]] const RunMode& mode() const noexcept { return mode_; }
  // Every possible outcome of the editor's program (lang/explore.hpp), compiled and explored on
  // a thread of its own: false when one is already under way (its result comes). The result is
  // "" while it runs, then its JSON ({"error": ...} when the program does not compile); never
  // blocks.
  bool explore_start(std::size_t max_schedules);
  std::string explore_result();
  // Be the scheduler (virtual time): while stepping, the run stands at each choice point until
  // step() says who goes next — a thread number among the candidates, 0 for the run's own pick.
  // False when the run is not waiting there, or `thread` is not a candidate.
  bool step(std::uint64_t thread);
  void set_stepping(bool stepping);
  // Time travel: the scene, timeline cursor, console and channels show the run as it was at
  // program time `seconds` (nullopt: live again). seek_event(n): after its first n events.
  void seek(std::optional<double> seconds);
  void seek_event(std::size_t count);
  void stop();
  void set_paused(bool paused);
  void set_speed(double speed);
  [[nodiscard]] const std::string& source() const noexcept { return editor_.text(); }
  [[nodiscard]] bool running() const noexcept { return status_.phase == Phase::Running; }
  [[nodiscard]] const SessionStatus& status() const noexcept { return status_; }
  // For automation (window.brigade.state() on the web, tests natively): a JSON object.
  [[nodiscard]] std::string state_json() const;
  // What the scene, the status, the console and the problems say, in words (describe.hpp): the
  // page's screen-reader mirror, #brigade-a11y.
  [[nodiscard]] std::string a11y_text() const;
  // Light polling for the page's event pump: {"generation","phase","running","next","lines":[...]}
  // with the console lines numbered from `from` on (numbers count from the run's first line).
  [[nodiscard]] std::string output_json(std::uint64_t from) const;
  // Text from the system clipboard (the web page's paste event): typed into the editor.
  void paste(const std::string& text);
  [[nodiscard]] static std::string examples_json();
  [[nodiscard]] std::uint64_t frames() const noexcept { return frames_; }
  [[nodiscard]] Theme theme() const noexcept { return theme_; }

 private:
  struct ConsoleLine {
    OutputLine line;
    std::uint32_t ordinal = 0;  // the writer's thread number in this run (0: the runtime)
  };

  void poll_session(double seconds);
  void drain_trace(std::size_t max);  // the ring into the live model and the recording
  void draw_step_bar();
  void draw_time_travel();
  void go_live();  // time travel ends: the views show the run as it is
  [[nodiscard]] const RunModel& shown() const noexcept { return moment_ ? *moment_model_ : model_; }
  double frame_seconds_ = 0;  // the last frame's `seconds`
  void handle_shortcuts();
  void draw_playground(double seconds);  // frame()'s window, unless scene_only_
  void draw_top_bar();
  void draw_caption();
  void draw_editor(ImVec2 size);
  void draw_restaurant(ImVec2 size, double seconds);
  void draw_bottom_panel();
  void draw_console();
  void draw_channels();
  void draw_problems();
  void draw_help();
  std::string thread_label(std::uint32_t trace_thread) const;
  std::string thread_name(std::uint64_t number) const;  // by thread number (main 1, then spawn order)
  std::string line_json(const ConsoleLine& c) const;

  trace::Ring ring_{1u << 16};  // core's trace events; drained into model_ once a frame
  RunModel model_;
  Recording recording_;                  // every event of the run, for time travel
  std::optional<std::size_t> moment_;    // the moment shown (events since the start); nullopt: live
  const RunModel* moment_model_ = nullptr;  // the model at moment_ (the recording's)
  std::optional<std::uint64_t> moment_asked_ns_;  // seek(seconds)'s time (else the moment's last event's)
  [[nodiscard]] std::uint64_t moment_ns() const noexcept {
    return moment_asked_ns_.value_or(recording_.time_at(moment_.value_or(recording_.size())));
  }
  SceneView moment_scene_;               // draws moments (its own animation state)
  Session session_;
  SessionStatus status_;
  std::uint64_t ran_generation_ = 0;  // the status generation the console shows
  Editor editor_;
  LiveCheck live_check_;  // the editor's text checked as it is typed
  std::optional<std::size_t> explained_;  // the problem whose code's explanation is open
  // The problems to show: the run's compile errors while its text is unchanged, else what the
  // check as you type found.
  [[nodiscard]] const std::vector<Problem>& shown_problems() const;
  std::string example_id_;
  Keeper* keeper_ = nullptr;
  bool scene_only_ = false;
  std::string kept_text_;  // the example's text as the keeper last had it
  void keep_edits();       // each frame: the example's text, if it changed, to the keeper
  SceneView scene_;
  SceneStats scene_stats_;
  int worst_label_overlaps_ = 0, worst_labels_outside_ = 0;  // since the run began (state().scene)
  TimelineView timeline_;
  TimelineStats timeline_stats_;
  std::deque<ConsoleLine> console_;
  std::uint64_t console_dropped_ = 0;
  std::deque<Bubble> bubbles_;
  bool scroll_console_ = false;
  bool show_console_ = false;  // select the Console tab next frame (a run ended with an error)
  bool show_help_ = false;
  double speed_ = 1.0;
  Capacity capacity_;
  RunMode mode_;  // what the next run uses (the toolbar's switch, window.brigade.run)
  // The exploration's result, shared with the thread that makes it (detached: the page's main
  // thread may never join or wait; it polls with try_lock).
  struct Exploring {
    std::mutex mutex;
    std::string result;  // "" while it runs
    bool running = false;
    std::optional<lang::Exploration> exploration;  // the last one that ran, for the Outcomes tab
  };
  void draw_outcomes();
  void draw_run_controls(bool narrow);
  // What the colours mean: the timeline's lane states (one line under the timeline), and the
  // scene's figures (the Legend tab).
  void draw_legend(bool compact);
  std::optional<lang::Exploration> outcomes_;  // what the Outcomes tab lists (a copy, taken with try_lock)
  bool outcomes_pending_ = false;              // the tab started an exploration that has not ended
  bool outcomes_refused_ = false;              // the program did not compile
  std::shared_ptr<Exploring> exploring_ = std::make_shared<Exploring>();
  std::unique_ptr<lang::Explorer> explorer_;  // Threading::None: the exploration frame() advances
  void advance_exploration();
  FloorRenderer floor_;
  Fonts fonts_;
  Theme theme_ = Theme::Dark;
  bool theme_chosen_ = false;  // the user overrode the system preference
  bool system_dark_ = true;
  std::optional<Theme> styled_theme_;  // the theme ImGui's style was last set to
  std::uint64_t frames_ = 0;
  double frame_ms_ = 0;  // the last frame's CPU time in App::frame, for the state
  std::string gl_error_;
};

}  // namespace brigade::app
