#!/usr/bin/env python3
"""Turn one boot's logs into result lines.

parse.py LANE CONSOLE_LOG TAP_LOG QEMU_RC EXPECTED_TESTS...

Prints one line per result, "ok - LANE/name", "not ok - LANE/name # why" or
"ok - LANE/name # SKIP why", counting:
  - every KUnit case in the console's KTAP (boot-time, before /init);
  - every selftest in the TAP log; a selftest that printed its own subtests
    (kselftest TAP) counts each subtest, plus one failure if the binary failed
    after its subtests passed;
  - "kernel-log": fails on any splat (BUG, WARNING, KASAN, lockdep, Oops, ...),
    quoting it and naming the test that was running;
  - "run": fails if /init bailed out, QEMU timed out, or expected tests did not run.
"""
import re
import sys

TS = re.compile(r'^\[\s*\d+\.\d+\] ')
RESULT = re.compile(r'^(?P<indent> *)(?P<not>not )?ok (?P<num>\d+) (?:- )?(?P<name>[^#]*?)\s*(?:#\s*(?P<dir>.*))?$')
SPLAT = re.compile(r'BUG:|WARNING:|KASAN:|UBSAN:|possible circular locking|possible recursive locking|'
                   r'inconsistent lock state|suspicious RCU usage|Oops|general protection fault|'
                   r'Call Trace:|Kernel panic|unreferenced object|INFO: task .* blocked|'
                   r'rcu_.*self-detected stall|soft lockup|hard LOCKUP')


def result(lane, name, ok, why=None, skip=False):
    line = f"{'ok' if ok else 'not ok'} - {lane}/{name}"
    if skip:
        line += f" # SKIP {why or ''}".rstrip()
    elif why:
        line += f" # {why}"
    print(line, flush=True)


def strip(line):
    return TS.sub('', line.rstrip('\r\n'))


def kunit_cases(lane, console):
    """Cases are the indent-4 results of the boot-time KTAP, before /init runs."""
    in_ktap = False
    suite = None
    for raw in console:
        line = strip(raw)
        if line.startswith('Run /init') or 'gmtest:' in line:
            break
        if line.startswith('KTAP version') or line.startswith('TAP version'):
            in_ktap = True
            continue
        if not in_ktap:
            continue
        m = re.match(r'^    # Subtest: (\S+)', line)
        if m:
            suite = m.group(1)
            continue
        m = RESULT.match(line)
        if m and len(m.group('indent')) == 4:
            d = m.group('dir') or ''
            skip = d.upper().startswith('SKIP')
            result(lane, f"kunit/{suite}/{m.group('name')}", not m.group('not'),
                   d[4:].strip() if skip else None, skip)


def selftests(lane, tap, expected):
    seen = set()
    sub = []
    bailed = None
    done = False
    for raw in tap:
        line = raw.rstrip('\r\n')
        if line.startswith('Bail out!'):
            bailed = line
            continue
        if line.startswith('# gmtest: done'):
            done = True
            continue
        if line.startswith('# gmtest: kmemleak'):
            clean = line.endswith('kmemleak clean')
            result(lane, 'kmemleak', clean, None if clean else line[len('# gmtest: '):])
            continue
        m = RESULT.match(line)
        if not m:
            continue
        indent = len(m.group('indent'))
        d = (m.group('dir') or '').strip()
        skip = d.upper().startswith('SKIP')
        ok = not m.group('not')
        if indent == 4:
            sub.append((m.group('name'), ok, d, skip))
            continue
        if indent:
            continue
        name = m.group('name')
        seen.add(name)
        if sub:
            for sname, sok, sd, sskip in sub:
                result(lane, f"{name}/{sname}", sok, sd[4:].strip() if sskip else (sd or None), sskip)
            if not ok and all(s[1] for s in sub):
                result(lane, name, False, d)
        else:
            result(lane, name, ok, d[4:].strip() if skip else (d if not ok else None), skip)
        sub = []
    for name in expected:
        if name not in seen:
            result(lane, name, False, 'did not run')
    return bailed, done


def kernel_log(lane, console):
    running = 'boot'
    splats = []
    lines = [strip(l) for l in console]
    in_oom = False
    for i, line in enumerate(lines):
        # An OOM-killer report (a memcg limit a test set on purpose) prints a
        # stack with "Call Trace:"; that trace alone is not a splat, but
        # BUG/WARNING/KASAN/lockdep inside the report still are.
        if 'invoked oom-killer' in line:
            in_oom = True
        elif in_oom and ('Killed process' in line or 'oom_reaper' in line):
            in_oom = False
        if in_oom and 'Call Trace:' in line:
            continue
        m = re.search(r'gmtest: start (\S+)', line)
        if m:
            running = m.group(1)
        elif re.search(r'gmtest: end ', line):
            running = 'between tests'
        # "traps: prog[pid] general protection fault ..." is a user crash,
        # reported by the test's own result, not a kernel splat.
        if SPLAT.search(line) and 'traps: ' not in line:
            splats.append((i, running))
    if not splats:
        result(lane, 'kernel-log', True)
        return
    first, during = splats[0]
    print(f"# {lane}: kernel splat during {during}:")
    for l in lines[max(0, first - 2):first + 40]:
        print(f"#   {l}")
    result(lane, 'kernel-log', False, f"{len(splats)} splat line(s), first during {during}: {lines[first].strip()}")


def main():
    lane, console_path, tap_path, qemu_rc = sys.argv[1:5]
    expected = sys.argv[5:]
    try:
        console = open(console_path, errors='replace').readlines()
    except FileNotFoundError:
        console = []
    try:
        tap = open(tap_path, errors='replace').readlines()
    except FileNotFoundError:
        tap = []
    kunit_cases(lane, console)
    bailed, done = selftests(lane, tap, expected)
    kernel_log(lane, console)
    why = None
    if bailed:
        why = bailed
    elif qemu_rc == '124':
        why = 'QEMU timed out'
    elif not done:
        why = f'the VM did not finish its run (QEMU exit {qemu_rc})'
    result(lane, 'run', why is None, why)


if __name__ == '__main__':
    main()
