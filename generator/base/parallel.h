// parallel: running independent jobs on every core. Results are written by index, so
// the output is the same whatever the number of threads.
#pragma once

#include <atomic>
#include <cstddef>

namespace reel {

/// How many threads parallel_for uses: the environment variable REEL_THREADS when it is
/// a whole number from 1 to 1024, else std::thread::hardware_concurrency() (at least 1;
/// read once per process).
std::size_t thread_count();

/// Ends and joins parallel_for's threads; later calls run every job on the caller's
/// thread. Call it as a program ends (main does, when it returns), while the libraries
/// those threads used are still set up: each thread's state is then freed as it ends,
/// and the process exits with one thread. Throws nothing.
void stop_threads();

namespace detail {

/// One parallel_for call, as the threads that help with it see it.
struct Batch {
  void (*run)(const void* job, std::size_t i) = nullptr;  ///< calls job(i)
  const void* job = nullptr;
  std::size_t count = 0;                ///< jobs: 0 … count - 1
  std::atomic<std::size_t> next{0};     ///< the next job to claim
  std::size_t helpers = 0;              ///< pool threads that may join (guarded by the pool)
  std::size_t joined = 0;               ///< pool threads that joined (guarded by the pool)
  std::size_t inside = 0;               ///< pool threads still working on it (guarded by the pool)

  /// Claims and runs jobs until none is left. Jobs must not throw (std::terminate).
  void work() noexcept {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < count;) run(job, i);
  }
};

/// Runs `batch` on the calling thread and up to `helpers` threads of a pool that lives
/// as long as the process (started on first use, grown on demand, so a build does not
/// start threads again for each of its stages); returns when every job has run.
void run_batch(Batch& batch, std::size_t helpers);

}  // namespace detail

/// Calls `job(i)` for every i in [0, count), on up to thread_count() threads (the
/// calling thread included), and returns when all are done. Jobs must not throw; each
/// should catch and record its own errors. Calls may nest (a job may call parallel_for)
/// and may run at once from several threads. The pool's threads block every signal, so
/// a signal for the process is taken by one of the program's own threads.
template <typename Job>
void parallel_for(std::size_t count, const Job& job) {
  std::size_t threads = count < 2 ? count : thread_count();
  if (threads > count) threads = count;
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) job(i);
    return;
  }
  detail::Batch batch;
  batch.run = [](const void* j, std::size_t i) { (*static_cast<const Job*>(j))(i); };
  batch.job = &job;
  batch.count = count;
  detail::run_batch(batch, threads - 1);
}

}  // namespace reel
