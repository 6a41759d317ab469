"""The compiled allocator (core.engine.replay._compiled.c); everything else is in pyproject.toml.
`optional`: where it cannot be built, memcalc runs its Python allocator instead."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("core.engine.replay._compiled", ["core/engine/replay/_compiled.c"],
                             extra_compile_args=["-O2"], optional=True)])
