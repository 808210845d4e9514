#include "base/parallel.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace reel {

std::size_t thread_count() {
  if (const char* env = std::getenv("REEL_THREADS"); env && *env) {
    char* end = nullptr;
    unsigned long n = std::strtoul(env, &end, 10);
    if (*end == '\0' && n >= 1 && n <= 1024) return n;
  }
  // hardware_concurrency() reads /sys/devices/system/cpu/online each time.
  static const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return cores;
}

namespace detail {

namespace {

/// Threads that help with batches. A batch waits in `queue_` until as many threads
/// joined it as it asked for, or until its caller ran out of jobs and took it back; the
/// caller then waits until the threads inside are done, so no thread touches a batch
/// after run_batch returns. Every job is run by a thread that claimed it, the caller
/// included, so a batch finishes even when no pool thread is free to help.
///
/// stop_threads() tells the threads to end and joins them, so that the process ends
/// with its main thread alone: LeakSanitizer's check at exit stops every thread with
/// ptrace, and idle threads it finds there made it fail now and then on a loaded
/// machine. After it, every job runs on its caller's thread.
class Pool {
 public:
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_.notify_all();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  void run(Batch& batch, std::size_t helpers) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.helpers = helpers;
      queue_.push_back(&batch);
      grow(helpers);
    }
    work_.notify_all();
    batch.work();
    std::unique_lock<std::mutex> lock(mutex_);
    if (auto it = std::find(queue_.begin(), queue_.end(), &batch); it != queue_.end()) queue_.erase(it);
    left_.wait(lock, [&] { return batch.inside == 0; });
  }

 private:
  /// Starts threads until there are `wanted`; called with mutex_ held. A thread starts
  /// with every signal blocked (and keeps them blocked).
  void grow(std::size_t wanted) {
    if (stopping_ || threads_.size() >= wanted) return;  // stopped: the caller does every job
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    while (threads_.size() < wanted) threads_.emplace_back([this] { loop(); });
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
  }

  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to help with
      Batch* batch = queue_.front();
      if (++batch->joined >= batch->helpers) queue_.pop_front();
      ++batch->inside;
      lock.unlock();
      batch->work();
      lock.lock();
      if (--batch->inside == 0) left_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_;  ///< a batch was queued
  std::condition_variable left_;  ///< a batch's last pool thread left it
  std::deque<Batch*> queue_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

}  // namespace

/// Never destroyed (a static destructor could still need it); its threads wait for work
/// until stop_threads().
Pool& pool() {
  static Pool* made = new Pool;
  return *made;
}

void run_batch(Batch& batch, std::size_t helpers) { pool().run(batch, helpers); }

}  // namespace detail

void stop_threads() { detail::pool().stop(); }

}  // namespace reel
