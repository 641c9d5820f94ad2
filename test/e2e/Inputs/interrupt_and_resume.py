#!/usr/bin/env python3
"""Starts `dlc-run MODEL train`, interrupts it with SIGINT once it has made
progress, checks that it stopped cleanly (exit 130, checkpoint written), and
resumes it to the end.

  interrupt_and_resume.py DLC_RUN MODEL.so DATA CKPT -- TRAIN OPTIONS...

Wherever the interrupt lands, the resumed run must end where an
uninterrupted one does; the caller compares the final checkpoints.
"""
import os
import signal
import subprocess
import sys


def main():
    dlc_run, so, data, ckpt = sys.argv[1:5]
    options = sys.argv[sys.argv.index("--") + 1:]
    command = [dlc_run, so, "train", "--data", data, "--save", ckpt,
               "--progress", "lines"] + options
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    # Interrupt at the first progress line: training has begun, a quarter
    # of an epoch in. No pause after it: a whole run of the MNIST MLP takes
    # well under a second on a fast machine, and an interrupt that arrives
    # after training has ended (the handler is gone then) kills the process.
    line = run.stderr.readline()
    if "step" not in line:
        print(f"FAIL: no progress before the interrupt: {line!r}")
        return 1
    run.send_signal(signal.SIGINT)
    rest = run.stderr.read()
    status = run.wait()
    if status != 130 or "stopped at step" not in rest:
        print(f"FAIL: exit status {status}, stderr {rest!r}")
        return 1
    if not os.path.exists(ckpt):
        print("FAIL: no checkpoint after the interrupt")
        return 1
    resumed = subprocess.run(command + ["--resume", ckpt],
                             stderr=subprocess.PIPE, text=True)
    if resumed.returncode != 0:
        print(f"FAIL: resume exited {resumed.returncode}: {resumed.stderr}")
        return 1
    print("interrupted and resumed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
