# gdb-trace.py - count the guest instructions of one kernel path exactly.
#
#   tools/qemu-run.sh --icount --gdb --kernel BUILD/obj/RELEASE/x86_64/kernel \
#       --initrd BUILD/obj/RELEASE/x86_64/bench.cpio \
#       --append init=/sbin/bench_ipc &
#   TRACE_SKIP=4000 gdb -batch -x tools/gdb-trace.py \
#       BUILD/obj/RELEASE/x86_64/kernel
#
# Stops at the TRACE_SKIP+1st pass through TRACE_START (default: the
# syscall entry), then single-steps until the CPU is back in user mode,
# and prints the instruction count per function, largest first, then the
# sequence of functions with the instructions spent in each visit.  With a
# blocking RPC the path crosses a context switch and ends when the thread
# switched to returns to user mode: one leg of the round trip.
# See doc/ipc-fast-path.md.
import os

import gdb

start = os.environ.get("TRACE_START", "*x86_syscall_entry")
skip = int(os.environ.get("TRACE_SKIP", "4000"))
limit = int(os.environ.get("TRACE_LIMIT", "20000"))

gdb.execute("set pagination off")
gdb.execute("target remote :1234")
bp = gdb.Breakpoint(start, internal=True)
bp.ignore_count = skip
gdb.execute("continue")
bp.delete()

counts = {}
visits = []
steps = 0
while steps < limit:
    pc = int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFFFFFFFFFF
    if pc < 0x800000000000:
        break
    block = gdb.block_for_pc(pc)
    while block is not None and block.function is None:
        block = block.superblock
    if block is not None:
        name = block.function.name
    else:
        words = gdb.execute("info symbol 0x%x" % pc, to_string=True).split()
        name = words[0] if words else "?"
    counts[name] = counts.get(name, 0) + 1
    if visits and visits[-1][0] == name:
        visits[-1][1] += 1
    else:
        visits.append([name, 1])
    gdb.execute("stepi", to_string=True)
    steps += 1

print("total %d instructions" % steps)
for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
    print("%6d %s" % (n, name))
print("sequence:")
print(" ".join("%s:%d" % (name, n) for name, n in visits))
gdb.execute("kill")
