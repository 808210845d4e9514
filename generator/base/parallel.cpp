#include "base/parallel.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

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
class Pool {
 public:
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
    if (threads_ >= wanted) return;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (; threads_ < wanted; ++threads_) std::thread([this] { loop(); }).detach();
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
  }

  [[noreturn]] void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      work_.wait(lock, [&] { return !queue_.empty(); });
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
  std::size_t threads_ = 0;
};

}  // namespace

void run_batch(Batch& batch, std::size_t helpers) {
  // Never destroyed: its threads wait for work until the process ends.
  static Pool* pool = new Pool;
  pool->run(batch, helpers);
}

}  // namespace detail

}  // namespace reel
