"""Windows: cap a process's memory with a job object (the POSIX worker uses RLIMIT_AS).

A job object with ``JOB_OBJECT_LIMIT_PROCESS_MEMORY`` makes the kernel refuse the
process's commits beyond the limit, and ``KILL_ON_JOB_CLOSE`` ends the worker when the
app's handle to the job closes (the app quit or crashed).
"""

from __future__ import annotations

import ctypes
import sys
from ctypes import wintypes
from typing import Any

__all__ = ["close", "limit_process"]

_JobObjectExtendedLimitInformation = 9
_JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
_JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x00002000
_PROCESS_SET_QUOTA = 0x0100
_PROCESS_TERMINATE = 0x0001


class _IoCounters(ctypes.Structure):
    _fields_ = [(name, ctypes.c_ulonglong) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount",
    )]  # fmt: skip


class _BasicLimits(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", wintypes.DWORD),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", wintypes.DWORD),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", wintypes.DWORD),
        ("SchedulingClass", wintypes.DWORD),
    ]


class _ExtendedLimits(ctypes.Structure):
    _fields_ = [
        ("BasicLimitInformation", _BasicLimits),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


def limit_process(pid: int, memory: int) -> Any:
    """Put process ``pid`` in a new job capped at ``memory`` bytes; return the job handle
    (keep it: closing it kills the worker). None when the calls fail."""
    if sys.platform != "win32":  # pragma: no cover - POSIX uses RLIMIT_AS
        return None
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return None
    info = _ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = (
        _JOB_OBJECT_LIMIT_PROCESS_MEMORY | _JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    )
    info.ProcessMemoryLimit = memory
    ok = kernel32.SetInformationJobObject(
        job, _JobObjectExtendedLimitInformation, ctypes.byref(info), ctypes.sizeof(info)
    )
    process = kernel32.OpenProcess(_PROCESS_SET_QUOTA | _PROCESS_TERMINATE, False, pid)
    if not ok or not process:
        kernel32.CloseHandle(job)
        return None
    try:
        if not kernel32.AssignProcessToJobObject(job, process):
            kernel32.CloseHandle(job)
            return None
    finally:
        kernel32.CloseHandle(process)
    return job


def close(job: Any) -> None:
    """Close the app's handle to a worker's job (the worker, if still there, ends with it)."""
    if sys.platform == "win32" and job:
        ctypes.WinDLL("kernel32").CloseHandle(job)  # type: ignore[attr-defined,unused-ignore]
