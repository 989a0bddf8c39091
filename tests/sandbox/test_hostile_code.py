"""The hostile-code set: every program here must be stopped or refused inside bwrap, and the
server (this test process, its files, its network services) must come out unaffected."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sandbox import SandboxLimits, SandboxResult, reset_sandbox_status, run_python, sandbox_status

pytestmark = pytest.mark.skipif(not sandbox_status().available, reason=sandbox_status().reason or 'no sandbox')

LIMITS = SandboxLimits(cpu_seconds=2, wall_seconds=4.0, memory_mb=256, max_processes=16, output_kb=64)


def run(code: str, limits: SandboxLimits = LIMITS) -> SandboxResult:
    return run_python({'main.py': code}, 'main.py', limits)


@pytest.fixture
def listener() -> Iterator[int]:
    """A real TCP service of the 'server' on 127.0.0.1 that sandboxed code must not reach."""
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(4)
    accepted: list[socket.socket] = []

    def accept() -> None:
        server.settimeout(0.2)
        while True:
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    assert accepted == [], 'the sandbox reached a host socket'
    server.close()


def test_normal_code_runs_and_prints() -> None:
    result = run('import sys\nprint(sum(range(10)))\nprint(sys.stdin.read().upper())')
    assert result.verdict == 'ok'
    assert result.stdout.splitlines()[0] == '45'


def test_reading_etc_passwd_is_refused() -> None:
    result = run("print(open('/etc/passwd').read())")
    assert result.verdict == 'error'
    assert 'root:' not in result.stdout
    assert 'FileNotFoundError' in result.stderr


def test_reading_the_servers_data_dir_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / 'var'
    data_dir.mkdir()
    (data_dir / 'secret_key').write_text('top-secret-value')
    monkeypatch.setenv('DATA_DIR', str(data_dir))
    monkeypatch.setenv('SECRET_KEY', 'env-secret-value')
    code = (
        'import os, sys\n'
        f"for path in [{str(data_dir / 'secret_key')!r}, '/proc/1/environ']:\n"
        '    try:\n        print(open(path).read())\n'
        '    except OSError as e:\n        print("refused", type(e).__name__)\n'
        "print(dict(os.environ))\n"
    )
    result = run(code)
    assert 'top-secret-value' not in result.stdout
    assert 'env-secret-value' not in result.stdout
    assert 'DATA_DIR' not in result.stdout
    assert result.stdout.count('refused') == 1  # the secret file is not there; /proc/1 is the sandbox's own init


def test_opening_a_socket_reaches_nothing(listener: int) -> None:
    code = (
        'import socket\n'
        f"socket.create_connection(('127.0.0.1', {listener}), timeout=1)\n"
        "print('connected')\n"
    )
    result = run(code)
    assert result.verdict == 'error'
    assert 'connected' not in result.stdout
    outside = run("import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=1)\nprint('connected')")
    assert outside.verdict == 'error' and 'connected' not in outside.stdout


def test_forking_a_thousand_processes_is_stopped() -> None:
    code = (
        'import os, time\n'
        'for _ in range(1000):\n'
        '    if os.fork() == 0:\n'
        '        time.sleep(30)\n'
        '        os._exit(0)\n'
        "print('forked all')\n"
    )
    script = f'forker_{uuid.uuid4().hex}.py'
    result = run_python({script: code}, script, LIMITS)
    assert result.verdict == 'process_limit'
    assert 'forked all' not in result.stdout
    time.sleep(0.5)
    leftovers = [p for p in os.listdir('/proc') if p.isdigit() and _cmdline(p).endswith(script)]
    assert leftovers == [], 'sandboxed children outlived the run'


def test_allocating_four_gigabytes_is_stopped() -> None:
    result = run("x = bytearray(4 * 1024 ** 3)\nprint('allocated')")
    assert result.verdict == 'memory_limit'
    assert 'allocated' not in result.stdout


def test_looping_forever_is_stopped_by_cpu_or_wall_time() -> None:
    started = time.monotonic()
    result = run('while True:\n    pass\n')
    assert result.verdict in ('cpu_limit', 'timeout')
    assert time.monotonic() - started < LIMITS.wall_seconds + 3


def test_sleeping_forever_is_killed_at_the_wall_time_with_its_children() -> None:
    code = 'import os, time\nif os.fork() == 0:\n    time.sleep(1000)\ntime.sleep(1000)\n'
    script = f'sleeper_{uuid.uuid4().hex}.py'  # a name no other process on this machine has
    started = time.monotonic()
    result = run_python({script: code}, script, SandboxLimits(wall_seconds=1.5))
    assert result.verdict == 'timeout'
    assert time.monotonic() - started < 4
    time.sleep(0.3)
    leftovers = [p for p in os.listdir('/proc') if p.isdigit() and _cmdline(p).endswith(script)]
    assert leftovers == []


def test_printing_a_gigabyte_is_cut_at_the_output_limit() -> None:
    started = time.monotonic()
    result = run("import sys\nchunk = 'x' * 1024 * 1024\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n")
    assert result.verdict == 'output_limit'
    assert len(result.stdout) <= LIMITS.output_bytes
    assert result.output_truncated
    assert time.monotonic() - started < LIMITS.wall_seconds + 3


def test_writing_outside_its_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / 'planted.txt'
    code = (
        'import os\n'
        'results = []\n'
        f"for path in [{str(target)!r}, '/usr/planted.txt', '/code/planted.txt', '/planted.txt', '/tmp/planted.txt',\n"
        "             '/dev/planted', '/dev/shm/planted']:\n"
        '    try:\n        open(path, "w").write("x")\n        results.append("wrote " + path)\n'
        '    except OSError:\n        results.append("refused")\n'
        "open('/work/own.txt', 'w').write('fine')\n"
        "print(' '.join(results), open('/work/own.txt').read())\n"
    )
    result = run(code)
    assert result.verdict == 'ok', result.stderr
    assert 'wrote' not in result.stdout
    assert result.stdout.count('refused') == 7
    assert result.stdout.strip().endswith('fine')
    assert not target.exists()
    assert not Path('/usr/planted.txt').exists()


def test_the_server_keeps_working_after_the_hostile_set() -> None:
    for code in ('while True: pass', 'x = bytearray(4 * 1024 ** 3)', 'print(1)'):
        run(code)
    assert run('print(6 * 7)').stdout.strip() == '42'


def test_without_bwrap_nothing_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    marker = tmp_path / 'ran'
    monkeypatch.setenv('PATH', str(tmp_path))  # no bwrap on PATH
    reset_sandbox_status()
    try:
        status = sandbox_status()
        assert not status.available
        assert 'bwrap' in status.reason
        from app.sandbox import SandboxUnavailable

        with pytest.raises(SandboxUnavailable):
            run(f"open({str(marker)!r}, 'w').write('x')")
        assert not marker.exists()
    finally:
        monkeypatch.undo()
        reset_sandbox_status()


def _cmdline(pid: str) -> str:
    try:
        return Path(f'/proc/{pid}/cmdline').read_bytes().replace(b'\0', b' ').decode(errors='replace').strip()
    except OSError:
        return ''


@pytest.mark.skipif(os.geteuid() != 0, reason='separate users per run need a root server')
def test_a_fork_bomb_does_not_use_up_another_candidates_processes() -> None:
    """Runs at the same time get user ids of their own: RLIMIT_NPROC counts per user, so one candidate's
    fork bomb must not make another candidate's ordinary code fail with "too many processes"."""
    bomb = ('import os, time\n'
            'for _ in range(1000):\n'
            '    try:\n'
            '        if os.fork() == 0:\n'
            '            time.sleep(3)\n'
            '            os._exit(0)\n'
            '    except OSError:\n'
            '        time.sleep(3)\n'
            '        break\n')
    results: list[SandboxResult] = []
    thread = threading.Thread(target=lambda: results.append(run(bomb)))
    thread.start()
    time.sleep(0.8)  # the bomb holds its whole process allowance now
    neighbour = run('import subprocess, sys\n'
                    "print(subprocess.run([sys.executable, '-c', 'print(6 * 7)'], capture_output=True, text=True)"
                    '.stdout.strip())\n')
    thread.join()
    assert neighbour.verdict == 'ok' and neighbour.stdout.strip() == '42', neighbour
