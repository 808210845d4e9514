// parallel: running independent jobs on every core. Results are written by index, so
// the output is the same whatever the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <thread>
#include <vector>

namespace reel {

/// How many threads parallel_for uses: the environment variable REEL_THREADS when it is
/// a whole number from 1 to 1024, else std::thread::hardware_concurrency() (at least 1).
inline std::size_t thread_count() {
  if (const char* env = std::getenv("REEL_THREADS"); env && *env) {
    char* end = nullptr;
    unsigned long n = std::strtoul(env, &end, 10);
    if (*end == '\0' && n >= 1 && n <= 1024) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Calls `job(i)` for every i in [0, count), on up to thread_count() threads (the
/// calling thread included), and returns when all are done. Jobs must not throw; each
/// should catch and record its own errors.
template <typename Job>
void parallel_for(std::size_t count, const Job& job) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) job(i);
  };
  std::size_t threads = std::min<std::size_t>(thread_count(), count);
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace reel
