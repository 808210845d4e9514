// parallel: running independent jobs on every core. Results are written by index, so
// the output is the same whatever the number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace reel {

/// Calls `job(i)` for every i in [0, count), on up to std::thread::hardware_concurrency()
/// threads (the calling thread included), and returns when all are done. Jobs must not
/// throw; each should catch and record its own errors.
template <typename Job>
void parallel_for(std::size_t count, const Job& job) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) job(i);
  };
  std::size_t threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), count);
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace reel
