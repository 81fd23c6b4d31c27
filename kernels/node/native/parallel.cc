#include "parallel.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cfenv>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace tfjs_selu {
namespace {

struct Job {
  void (*body)(const void*, int64_t, int64_t);
  const void* context;
  int64_t n;
  std::atomic<int64_t> next_chunk{0};
  fenv_t environment;
  int helpers;  // workers with an index below this take part
};

void RunChunks(Job* job) {
  const int64_t chunks = (job->n + kChunkElements - 1) / kChunkElements;
  for (int64_t c = job->next_chunk.fetch_add(1, std::memory_order_relaxed); c < chunks;
       c = job->next_chunk.fetch_add(1, std::memory_order_relaxed)) {
    const int64_t begin = c * kChunkElements;
    job->body(job->context, begin, std::min(job->n, begin + kChunkElements));
  }
}

class Pool {
 public:
  explicit Pool(int workers) : workers_(workers) {
    // Detached, and the pool is never freed: threads blocked at process exit
    // must not meet destroyed mutexes or a joinable std::thread's terminate().
    for (int index = 0; index < workers; ++index) std::thread([this, index] { WorkerLoop(index); }).detach();
  }

  int workers() const { return workers_; }

  // False if another caller holds the pool (then the caller runs alone).
  // The caller works too and, once no chunk is left, withdraws the job: it
  // waits only for workers that joined (and are finishing a chunk), never for
  // one the scheduler has not woken yet, which then finds nothing to do.
  bool TryRun(Job* job) {
    std::unique_lock<std::mutex> exclusive(run_mutex_, std::try_to_lock);
    if (!exclusive.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = job;
      ++generation_;
    }
    wake_.notify_all();
    RunChunks(job);
    std::unique_lock<std::mutex> lock(mutex_);
    job_ = nullptr;
    done_.wait(lock, [this] { return joined_ == 0; });
    return true;
  }

 private:
  void WorkerLoop(int index) {
    uint64_t seen = 0;
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        job = job_;
        // Woken after the job was withdrawn, or not asked to help: nothing to do.
        if (job == nullptr || index >= job->helpers) continue;
        ++joined_;
      }
      fesetenv(&job->environment);
      RunChunks(job);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--joined_ == 0) done_.notify_one();
    }
  }

  const int workers_;
  std::mutex run_mutex_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  uint64_t generation_ = 0;
  Job* job_ = nullptr;
  int joined_ = 0;  // workers inside the current job
};

std::atomic<int> max_threads{0};  // 0: not set, use CoreCount()
std::atomic<int64_t> parallel_threshold{kDefaultParallelThreshold};
std::once_flag pool_once;
Pool* pool = nullptr;

}  // namespace

int CoreCount() {
  static const int cores = [] {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
    return static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  }();
  return cores;
}

int MaxThreads() {
  const int set = max_threads.load();
  return set > 0 ? set : CoreCount();
}

void SetMaxThreads(int threads) { max_threads.store(std::max(1, std::min(threads, CoreCount()))); }

int64_t ParallelThreshold() { return parallel_threshold.load(); }

void SetParallelThreshold(int64_t elements) { parallel_threshold.store(std::max<int64_t>(1, elements)); }

int ParallelFor(int64_t n, void (*body)(const void*, int64_t, int64_t), const void* context) {
  const int64_t chunks = (n + kChunkElements - 1) / kChunkElements;
  const int threads = static_cast<int>(std::min<int64_t>(MaxThreads(), chunks));
  if (threads > 1 && n >= ParallelThreshold()) {
    std::call_once(pool_once, [] { pool = new Pool(CoreCount() - 1); });
    Job job;
    job.body = body;
    job.context = context;
    job.n = n;
    job.helpers = std::min(threads - 1, pool->workers());
    fegetenv(&job.environment);
    if (job.helpers > 0 && pool->TryRun(&job)) return job.helpers + 1;
  }
  body(context, 0, n);
  return 1;
}

}  // namespace tfjs_selu
