"""The resource limits one sandboxed run gets."""

from __future__ import annotations

from dataclasses import dataclass

from app.config import Settings, get_settings


@dataclass(frozen=True)
class SandboxLimits:
    cpu_seconds: int = 5
    wall_seconds: float = 10.0
    memory_mb: int = 256  # address space: also bounds what one allocation can ask for
    max_processes: int = 16  # counts the sandbox user's processes and threads
    output_kb: int = 256  # per stream (stdout, stderr) and per file written in the private dir
    scratch_mb: int = 16  # the private writable directory is a tmpfs of this size

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> SandboxLimits:
        settings = settings or get_settings()
        return cls(
            cpu_seconds=settings.sandbox_cpu_seconds,
            wall_seconds=settings.sandbox_wall_seconds,
            memory_mb=settings.sandbox_memory_mb,
            max_processes=settings.sandbox_max_processes,
            output_kb=settings.sandbox_output_kb,
        )

    @property
    def output_bytes(self) -> int:
        return self.output_kb * 1024
