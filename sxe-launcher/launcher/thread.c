/* sxe native launcher: a bare worker thread for the first-run pipeline.
 *
 * pthreads would cost the launcher ~12 KB of libc (it must stay under 100 KiB),
 * so the worker is a plain kernel thread made with clone(). It shares the
 * memory, files and signal handlers of the process (exit_group and fatal
 * signals end it too) but has no libc thread state of its own: it may only
 * compute and make plain system calls (no malloc, no stdio); errno it sets
 * lands in the main thread's slot. */
#define _GNU_SOURCE
#include "launcher.h"

#if defined(__linux__)
#include <sched.h>
#include <sys/mman.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

/* From <linux/futex.h>, which musl-gcc does not ship. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

int sxe_thread_start(int (*fn)(void *), void *arg, volatile int *tid)
{
    const size_t size = 256 << 10;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack == MAP_FAILED)
        return -1;
    /* The stack is never unmapped: the launcher execs or exits soon after. */
    int r = clone(fn, stack + size,
                  CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM
                      | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
                  arg, tid, NULL, tid);
    return r > 0 ? 0 : -1;
}

void sxe_futex_wait(volatile int *w, int v)
{
    (void)syscall(SYS_futex, w, FUTEX_WAIT, v, NULL, NULL, 0);
}

void sxe_futex_wake(volatile int *w)
{
    (void)syscall(SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Advice only: transparent huge pages for the 2 MiB-aligned part of p[0..n)
 * (fewer page faults and TLB misses for a big decode buffer). */
void sxe_hugepages(const void *p, size_t n)
{
    uintptr_t a = ((uintptr_t)p + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
    uintptr_t b = ((uintptr_t)p + n) & ~(uintptr_t)((2u << 20) - 1);
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
}

/* The kernel clears *tid and wakes it when the thread has exited. */
void sxe_thread_join(volatile int *tid)
{
    int v;
    while ((v = __atomic_load_n(tid, __ATOMIC_ACQUIRE)) != 0)
        sxe_futex_wait(tid, v);
}
#endif
