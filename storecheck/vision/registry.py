"""A small name -> factory registry, the detectron2 way: a new backend is one module and one line.

Example:
    >>> from storecheck.vision.registry import Registry
    >>> THINGS: Registry[object] = Registry("thing")
    >>> @THINGS.register("plain")
    ... def make_plain(config: object) -> object:
    ...     return "plain"
    >>> THINGS.get("plain")(None)
    'plain'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
Factory = Callable[..., Any]


class Registry(Generic[T]):
    """Maps a backend name from the config to the factory that builds it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Factory], Factory]:
        """Decorator: ``@DETECTORS.register("onnx")`` above a class or factory function."""

        def decorate(factory: Factory) -> Factory:
            if name in self._factories:
                raise ValueError(f"{self.kind} backend {name!r} is already registered")
            self._factories[name] = factory
            return factory

        return decorate

    def get(self, name: str) -> Callable[..., T]:
        try:
            return self._factories[name]
        except KeyError:
            known = ", ".join(sorted(self._factories)) or "none"
            raise KeyError(f"unknown {self.kind} backend {name!r} (known: {known})") from None

    def names(self) -> list[str]:
        return sorted(self._factories)

    def __contains__(self, name: object) -> bool:
        return name in self._factories
