#!/usr/bin/python3
"""What one durable instance file costs this disk, three ways (issue 14, decision 0026).

Writes COUNT files of 525 kB (a 512x512 16-bit MR instance) into DIR, each followed by fdatasync, and prints the
median time per file, the median fdatasync alone and the process's CPU per file for:
  buffered  write(2) in 16 KiB pieces into the page cache, then fdatasync (what the spool does);
  early     the same, with sync_file_range(SYNC_FILE_RANGE_WRITE) after every 64 KiB, so the disk starts on
            the data while the rest still arrives;
  direct    O_DIRECT writes of 128 KiB from aligned memory, the tail through a second, buffered descriptor,
            then fdatasync (no copy into the page cache).
If the fdatasync after `direct` (data already on the device) costs about as much as after `buffered`, the floor is
the file system's metadata and the device's cache flush, not the data.
Usage: /usr/bin/python3 bench/probes/sync-floor.py DIR [COUNT] [PASSES]   (defaults 300 files, 2 passes; DIR on
the disk to measure, emptied and removed afterwards). Linux only. The files it deletes make new files on a
journal-less ext4 slower for a few minutes (see bench/README-intake-peers.md): run it after a benchmark, not before.
"""
import ctypes
import mmap
import os
import resource
import shutil
import statistics
import sys
import time

SIZE = 512 * 1024 + 13_000
PIECE = 16 * 1024
DIRECT_CHUNK = 128 * 1024
SYNC_FILE_RANGE_WRITE = 2

libc = ctypes.CDLL("libc.so.6", use_errno=True)
sync_file_range = libc.sync_file_range
sync_file_range.argtypes = [ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong, ctypes.c_uint]


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def one_file(path, mode, data, aligned):
    t0 = time.perf_counter()
    if mode == "direct":
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o644)
        off = 0
        while off + DIRECT_CHUNK <= SIZE:
            aligned.seek(0)
            aligned.write(data[off:off + DIRECT_CHUNK])
            os.pwrite(fd, aligned, off)
            off += DIRECT_CHUNK
        sync_fd = os.open(path, os.O_WRONLY)
        os.pwrite(sync_fd, data[off:], off)
    else:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        for off in range(0, SIZE, PIECE):
            os.write(fd, data[off:off + PIECE])
            done = min(off + PIECE, SIZE)
            if mode == "early" and done % (64 * 1024) == 0:
                sync_file_range(fd, done - 64 * 1024, 64 * 1024, SYNC_FILE_RANGE_WRITE)
        sync_fd = fd
    t1 = time.perf_counter()
    os.fdatasync(sync_fd)
    t2 = time.perf_counter()
    if sync_fd != fd:
        os.close(sync_fd)
    os.close(fd)
    return (t2 - t0) * 1000, (t2 - t1) * 1000


def main():
    root = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    passes = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    data = os.urandom(SIZE)
    aligned = mmap.mmap(-1, DIRECT_CHUNK)
    print(f"sync-floor: {count} files of {SIZE} bytes per mode and pass in {root}; load {os.getloadavg()[0]:.2f}")
    try:
        for p in range(passes):
            for mode in ("buffered", "early", "direct"):
                folder = os.path.join(root, f"{mode}-{p}")
                os.makedirs(folder)
                totals, syncs = [], []
                c0 = cpu_seconds()
                for i in range(count):
                    total, sync = one_file(os.path.join(folder, f"{i}.dcm"), mode, data, aligned)
                    totals.append(total)
                    syncs.append(sync)
                cpu = (cpu_seconds() - c0) * 1000 / count
                print(f"pass {p + 1} {mode:8s} per file {statistics.median(totals):.3f} ms, of which fdatasync "
                      f"{statistics.median(syncs):.3f} ms (medians); cpu {cpu:.3f} ms per file")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
