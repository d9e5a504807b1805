# The python3 baseline of the dataset benchmark: every line of a JSONL file through json.loads, as a quick check in
# python would. Prints "RESULT python-inner <seconds>" (the loop alone, without the interpreter's start) and the lines.
import json
import sys
import time

start = time.perf_counter()
lines = 0
with open(sys.argv[1], 'rb') as f:
    for line in f:
        if line.strip():
            json.loads(line)
            lines += 1
print(f"RESULT python-inner {time.perf_counter() - start}")
print(f"RESULT python-lines {lines}")
