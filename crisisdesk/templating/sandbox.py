"""Statement templates rendered in a Jinja2 sandbox whose work is bounded.

A template is written by a playbook author and filled by an operator in the middle of a
crisis; a broken or hostile template must fail fast with a one-line reason, never hang
the app, eat its memory or reach Python internals. A thread with a timeout is not
enough (a thread cannot be killed), so the limits are checked *inside* the work: every
loop iteration, call, filter, operator and write checks a deadline and a size budget.

Layers of defence:

* ``ImmutableSandboxedEnvironment``: no ``_private`` attributes, no mutation of lists,
  dicts and sets, ``str.format`` goes through a sandboxed formatter.
* ``StrictUndefined``: a missing variable is an error, never an empty gap.
* No loader and a parse-time check: ``include``/``import``/``from``/``extends`` fail.
* A code generator that routes every write, ``~`` concatenation and container literal
  through budget checks, and wraps every ``for`` loop's iterable in a deadline guard.
* Intercepted ``*``, ``**``, ``%`` and ``+``; capped ``range``/``lipsum``; width checks
  in ``str.format``/``%``; pre-checks on filters and ``str`` methods that amplify size.
"""

from __future__ import annotations

import re
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import date
from datetime import time as time_of_day
from decimal import Decimal
from functools import wraps
from typing import Any

import jinja2.exceptions as jexc
from jinja2 import StrictUndefined, Template, Undefined, meta, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import generate_lorem_ipsum
from markupsafe import EscapeFormatter, Markup

from crisisdesk.errors import CrisisDeskError
from crisisdesk.templating.grammar_filters import grammar_filters

__all__ = [
    "MissingVariableError",
    "RenderLimits",
    "TemplateError",
    "TemplateLimitError",
    "TemplateRenderer",
    "UnsafeTemplateError",
    "check_template",
    "declared_and_used_variables",
    "render",
]

_TEMPLATE_FILENAME = "<template>"
_LOOP_GUARD = "_crisisdesk_loop_guard"


class TemplateError(CrisisDeskError):
    """A template cannot be compiled or rendered; ``str(e)`` says where and why."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.reason = " ".join(str(message).split())
        self.line = line
        where = f"template line {line}: " if line is not None else "template: "
        super().__init__(where + self.reason)


class UnsafeTemplateError(TemplateError):
    """The template tried to reach something the sandbox forbids."""


class TemplateLimitError(TemplateError):
    """The template exceeded a time, size or depth limit."""


class MissingVariableError(TemplateError):
    """The template used a variable the form did not provide."""


@dataclass(frozen=True)
class RenderLimits:
    """Bounds on one render; generous for a press statement, tiny for an attack."""

    max_seconds: float = 1.0
    max_output_chars: int = 50_000
    max_value_chars: int = 100_000
    max_items: int = 10_000
    max_written_chars: int = 1_000_000
    max_call_depth: int = 32
    max_int_bits: int = 4_096
    max_field_width: int = 1_000
    max_source_chars: int = 100_000
    max_lipsum_paragraphs: int = 5


class _RenderState(threading.local):
    """Per-thread counters of the render in progress (the environment is shared)."""

    deadline: float = float("inf")
    written: int = 0
    depth: int = 0


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")
_DIGITS = re.compile(r"\d+")
_ADDRESS = re.compile(r" (?:object )?at 0x[0-9a-fA-F]{4,}")

_STR_METHODS_SAFE = frozenset(
    {
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "isidentifier",
        "islower",
        "isnumeric",
        "isprintable",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "rfind",
        "rindex",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
        "striptags",
        "unescape",
        "escape",
    }
)
_STR_METHODS_CHECKED = frozenset({"center", "ljust", "rjust", "zfill", "join", "replace"})


def _weight(value: Any, budget: int) -> int:
    """Estimate the printed size of ``value``, stopping as soon as it passes ``budget``.

    Containers of references are cheap to build but expensive to print; bounding
    this estimate bounds every later ``str()`` of the value.
    """
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 2 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 8
        if total > budget:
            return total
    return total


_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})


class _LimitedCodeGenerator(CodeGenerator):
    """Emits template code whose writes, concatenations and literals are budgeted."""

    _cd_root = False

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        # Constant text directly at the template's root runs once per render and is
        # bounded by the source; anywhere else (loops, macros, blocks) it is counted.
        self._cd_root = frame.rootlevel and frame.buffer is None
        try:
            super().visit_Output(node, frame)
        finally:
            self._cd_root = False

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        text = super()._output_const_repr(group)
        return text if self._cd_root else f"environment.cd_write({text})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if not (frame.eval_ctx.volatile or frame.eval_ctx.autoescape):
            self.write("environment.cd_out(")  # finalize, str() and count in one call
            return
        self.write("environment.cd_write(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if not (frame.eval_ctx.volatile or frame.eval_ctx.autoescape):
            self.write(")")
            return
        super()._output_child_post(node, frame, finalize)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.cd_value(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self.write("environment.cd_value(")
        super().visit_List(node, frame)
        self.write(")")

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self.write("environment.cd_value(")
        super().visit_Dict(node, frame)
        self.write(")")

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx != "load":
            super().visit_Tuple(node, frame)
            return
        self.write("environment.cd_value(")
        super().visit_Tuple(node, frame)
        self.write(")")


class _LimitedFormatter(SandboxedFormatter):
    """``str.format`` in the sandbox with field widths and precisions capped."""

    def __init__(self, env: _LimitedEnvironment) -> None:
        super().__init__(env)
        self._limited = env

    def format_field(self, value: Any, format_spec: str) -> Any:
        self._limited.cd_check_widths(_DIGITS.findall(format_spec))
        return super().format_field(value, format_spec)


class _LimitedEscapeFormatter(_LimitedFormatter, EscapeFormatter):
    """The escaping variant used when formatting ``Markup``."""

    def __init__(self, env: _LimitedEnvironment, escape: Callable[[Any], Markup]) -> None:
        _LimitedFormatter.__init__(self, env)
        self.escape = escape


class _LimitedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox plus the time, size and depth bounds of :class:`RenderLimits`."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, limits: RenderLimits, html: bool, *, fold: bool = False) -> None:
        super().__init__(
            undefined=StrictUndefined,
            autoescape=html,
            loader=None,
            finalize=_refuse_callables,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=0,
            # Constant folding runs filters on literals while compiling: only where the
            # result is rendered, in the render worker, never in the app's own process.
            optimized=fold,
        )
        self.limits = limits
        self.state = _RenderState()
        self._safe_attributes: dict[tuple[type, str], bool] = {}
        self.globals.clear()
        self.globals.update(
            range=self._range,
            lipsum=self._lipsum,
            dict=_new_dict,
            cycler=_base_globals["cycler"],
            joiner=_base_globals["joiner"],
            namespace=_base_globals["namespace"],
        )
        self.filters.update(grammar_filters())
        self.filters = {name: self._limited_filter(name, f) for name, f in self.filters.items()}
        self.filters["format"] = self._format_filter
        self.filters[_LOOP_GUARD] = self._loop_guard

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict, not Jinja's ``ChainMap`` over ours.

        Every render copies them into its context; a chain map is copied key by key in
        Python, a dict in one step. Ours are fixed when the environment is made, so a
        snapshot at compile time is the same map.
        """
        return {**self.globals, **(d or {})}

    # -- checks -------------------------------------------------------------------
    def cd_tick(self) -> None:
        """Raise once the render has run past its deadline."""
        if time.monotonic() > self.state.deadline:
            raise TemplateLimitError(
                f"rendering took longer than {self.limits.max_seconds:g} s and was stopped"
            )

    def cd_write(self, text: str) -> str:
        """Count every piece of text written, in the output or in a macro/set buffer.

        No clock read here: writes without a loop or a call are bounded by the source,
        and loops and calls check the deadline themselves.
        """
        state = self.state
        state.written += len(text)
        if state.written > self.limits.max_written_chars:
            raise TemplateLimitError(
                f"the template wrote more than {self.limits.max_written_chars} characters"
            )
        return text

    def cd_out(self, value: Any) -> str:
        """Print one expression in plain-text mode: refuse functions, then count."""
        kind = type(value)
        if kind is str:
            text: str = value
        elif kind is int or kind is float:
            text = str(value)
        else:
            text = str(_refuse_callables(value))
            if " at 0x" in text:
                raise UnsafeTemplateError(_unprintable(value))
        state = self.state
        state.written += len(text)
        if state.written > self.limits.max_written_chars:
            raise TemplateLimitError(
                f"the template wrote more than {self.limits.max_written_chars} characters"
            )
        return text

    def cd_value(self, value: Any) -> Any:
        """Refuse a value that would print larger than the value limit."""
        limit = self.limits.max_value_chars
        kind = type(value)
        if kind is str or isinstance(value, (str, bytes, bytearray)):
            size = len(value)
        elif kind in _CONTAINERS or isinstance(value, (list, tuple, dict, set, frozenset)):
            if len(value) > self.limits.max_items:
                raise TemplateLimitError(
                    f"a list in the template has more than {self.limits.max_items} items"
                )
            size = _weight(value, limit)
        else:
            return value
        if size > limit:
            raise TemplateLimitError(f"a value in the template is longer than {limit} characters")
        return value

    def cd_check_widths(self, widths: Iterable[Any]) -> None:
        """Refuse format widths/precisions that would pad a value to a huge size."""
        cap = self.limits.max_field_width
        for width in widths:
            if width in (None, "", "*"):
                continue
            if int(width) > cap:
                raise TemplateLimitError(f"a format width or precision is larger than {cap}")

    def _check_size(self, size: int) -> None:
        if size > self.limits.max_value_chars:
            raise TemplateLimitError(
                f"a value in the template would be longer than "
                f"{self.limits.max_value_chars} characters"
            )

    # -- globals --------------------------------------------------------------------
    def _range(self, *args: int) -> range:
        rng = range(*args)
        if len(rng) > self.limits.max_items:
            raise TemplateLimitError(f"range() is limited to {self.limits.max_items} items")
        return rng

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str | Markup:
        cap = self.limits.max_lipsum_paragraphs
        if n > cap or max > 200 or min > max:
            raise TemplateLimitError(f"lipsum() is limited to {cap} paragraphs of 200 words")
        return generate_lorem_ipsum(n=n, html=html, min=min, max=max)

    # -- operators ------------------------------------------------------------------
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.cd_tick()
        if operator == "*":
            self._check_multiply(left, right)
        elif operator == "**":
            self._check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            return self.cd_value(self._percent(left, right))
        return self.cd_value(self.binop_table[operator](left, right))

    def _check_multiply(self, left: Any, right: Any) -> None:
        sequences = (str, list, tuple)
        if isinstance(left, int) and isinstance(right, sequences):
            left, right = right, left
        if isinstance(left, sequences) and isinstance(right, int):
            if right <= 0:
                return
            if isinstance(left, str):
                self._check_size(len(left) * right)
            else:
                if len(left) * right > self.limits.max_items:
                    raise TemplateLimitError(
                        f"a list in the template would have more than {self.limits.max_items} items"
                    )
                self._check_size(_weight(left, self.limits.max_value_chars) * right)
        elif (
            isinstance(left, int)
            and isinstance(right, int)
            and left.bit_length() + right.bit_length() > self.limits.max_int_bits
        ):
            raise TemplateLimitError("a number in the template is too large")

    def _check_power(self, base: Any, exponent: Any) -> None:
        if (
            isinstance(base, int)
            and isinstance(exponent, int)
            and exponent > 0
            and abs(base) > 1
            and base.bit_length() * exponent > self.limits.max_int_bits + 64
        ):
            raise TemplateLimitError("a number in the template is too large")

    def _percent(self, fmt: str, args: Any) -> str:
        stars = False
        for match in _PERCENT_SPEC.finditer(fmt):
            width, precision, _ = match.groups()
            stars = stars or "*" in (width, precision)
            self.cd_check_widths((width, precision))
        if stars:
            values = args if isinstance(args, tuple) else (args,)
            self.cd_check_widths(str(abs(v)) for v in values if isinstance(v, int))
        if isinstance(args, (list, tuple, dict)):
            self.cd_value(args)
        result: str = fmt % args
        return result

    # -- attribute access and calls --------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's verdict, cached: it depends only on the object's type and the name.

        Attributes of a class are refused outright: ``dict.update(x, ...)`` reaches the
        unbound method and would mutate a value the immutable sandbox keeps read-only.
        """
        if isinstance(obj, type):
            return False
        key = (type(obj), attr)
        verdict = self._safe_attributes.get(key)
        if verdict is None:
            verdict = super().is_safe_attribute(obj, attr, value)
            if len(self._safe_attributes) < 4096:
                self._safe_attributes[key] = verdict
        return verdict

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) or (
            value.__name__ not in ("format", "format_map")
        ):
            return None
        f_self: Any = value.__self__
        if not isinstance(f_self, str):
            return None
        str_type: type[str] = type(f_self)
        is_format_map = value.__name__ == "format_map"
        formatter: _LimitedFormatter
        if isinstance(f_self, Markup):
            formatter = _LimitedEscapeFormatter(self, escape=f_self.escape)
        else:
            formatter = _LimitedFormatter(self)

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs = args[0]
                args = ()
            return str(self.cd_value(str_type(formatter.vformat(f_self, args, kwargs))))

        return wrapper

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Every call from a template: deadline, depth, ``str`` method checks, result size."""
        state = __self.state
        if time.monotonic() > state.deadline:
            __self.cd_tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            __self._check_str_method(__obj, args, kwargs)
        elif isinstance(owner, int) and getattr(__obj, "__name__", "") == "to_bytes":
            length = args[0] if args else kwargs.get("length", 1)
            if isinstance(length, int):
                __self._check_size(length)
        if state.depth >= __self.limits.max_call_depth:
            raise TemplateLimitError(
                f"calls are nested deeper than {__self.limits.max_call_depth} levels"
            )
        state.depth += 1
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            state.depth -= 1
        return __self.cd_value(result)

    def _check_str_method(self, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        owner = getattr(obj, "__self__", None)
        if not isinstance(owner, str) or not isinstance(
            obj, (types.BuiltinMethodType, types.MethodType)
        ):
            return
        name = obj.__name__
        if name in _STR_METHODS_SAFE:
            return
        if name not in _STR_METHODS_CHECKED:
            raise UnsafeTemplateError(f"str.{name}() is not available in templates")
        if name in ("center", "ljust", "rjust", "zfill"):
            width = args[0] if args else kwargs.get("width", 0)
            if isinstance(width, int):
                self._check_size(width)
        elif name == "join":
            items = args[0] if args else ()
            if isinstance(items, (list, tuple, str)):
                self._check_size(len(owner) * max(len(items) - 1, 0) + len(items))
        elif name == "replace" and len(args) >= 2:
            self._check_size(_replace_size(owner, args[0], args[1]))

    # -- filters ----------------------------------------------------------------------
    def _limited_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        pre = _FILTER_PRECHECKS.get(name)

        # No clock read per filter: one filter's work is bounded by the size limits, and
        # repeated filtering happens in loops or calls, which check the deadline.
        cd_value = self.cd_value
        if pre is None:

            @wraps(func)
            def limited(*args: Any, **kwargs: Any) -> Any:
                return cd_value(func(*args, **kwargs))

            return limited

        @wraps(func)
        def prechecked(*args: Any, **kwargs: Any) -> Any:
            pre(self, _filter_args(func, args), kwargs)
            return cd_value(func(*args, **kwargs))

        return prechecked

    def _format_filter(self, value: Any, *args: Any, **kwargs: Any) -> str:
        if args and kwargs:
            raise jexc.FilterArgumentError("can't handle positional and keyword arguments")
        return self.cd_value(self._percent(str(value), kwargs or args))  # type: ignore[no-any-return]

    def _loop_guard(self, iterable: Any) -> Iterator[Any]:
        tick = self.cd_tick
        tick()
        for count, item in enumerate(iterable):
            if not count & 63:
                tick()
            yield item

    # -- parsing ------------------------------------------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, refuse template composition, and guard every loop."""
        tree = super()._parse(source, name, filename)
        for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            word = {
                nodes.Extends: "extends",
                nodes.Include: "include",
                nodes.Import: "import",
                nodes.FromImport: "from ... import",
            }[type(node)]
            raise UnsafeTemplateError(
                f"'{{% {word} %}}' is not allowed: a statement template stands alone",
                node.lineno,
            )
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_GUARD, [], [], None, None, lineno=loop.lineno)
        return tree


def _refuse_callables(value: Any) -> Any:
    """Printing a function means a forgotten call or an attempted escape: refuse both.

    So is printing an object Python shows by its type and memory address (a generator, a
    cycler, a namespace): that is never statement text, and the address is the app's.
    """
    if isinstance(value, (str, int, float, Undefined)) or value is None:
        return value
    if callable(value):
        raise UnsafeTemplateError("a function cannot be printed into a statement")
    if not _printable(value):
        raise UnsafeTemplateError(_unprintable(value))
    return value


_SCALARS = (str, int, float, Decimal, date, time_of_day, Undefined, type(None))


def _printable(value: Any) -> bool:
    """True for plain values and containers of them (their text is their content)."""
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > 100_000:
            return False
        if isinstance(item, _SCALARS):
            continue
        if type(item) in (list, tuple, set, frozenset):
            stack.extend(item)
        elif type(item) is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            return False
    return True


def _unprintable(value: Any) -> str:
    return (
        f"a {type(value).__name__} cannot be printed into a statement "
        "(join or list it: |join(', '), |list)"
    )


def _new_dict(*args: Any, **kwargs: Any) -> dict[Any, Any]:
    """``dict(...)`` in a template: a new dict, without the class (and its unbound methods)."""
    return dict(*args, **kwargs)


def _replace_size(text: str, old: Any, new: Any) -> int:
    old_s, new_s = str(old), str(new)
    if not old_s:
        return len(text) + (len(text) + 1) * len(new_s)
    return len(text) + (len(text) // len(old_s)) * max(len(new_s) - len(old_s), 0)


def _filter_args(func: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the context/environment argument Jinja passes to some filters."""
    if getattr(func, "jinja_pass_arg", None) is not None:
        return args[1:]
    return args


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name)


def _pre_center(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    width = _arg(args, kw, 1, "width")
    if isinstance(width, int):
        env._check_size(width)


def _pre_indent(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    text = str(args[0]) if args else ""
    width = _arg(args, kw, 1, "width")
    pad = width if isinstance(width, int) else len(str(width or ""))
    env._check_size(len(text) + (text.count("\n") + 1) * max(pad, 0))


def _pre_wordwrap(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    text = str(args[0]) if args else ""
    width = _arg(args, kw, 1, "width")
    wrap = _arg(args, kw, 3, "wrapstring")
    width = width if isinstance(width, int) and width > 0 else 1
    env._check_size(len(text) + (len(text) // width + 1) * len(str(wrap or "\n")))


def _pre_replace(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    if len(args) >= 3:
        env._check_size(_replace_size(str(args[0]), args[1], args[2]))


def _pre_join(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    value = args[0] if args else ()
    sep = _arg(args, kw, 1, "d") or ""
    if isinstance(value, (list, tuple)):
        env._check_size(len(value) * len(str(sep)))


def _pre_count(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    for name, index in (("linecount", 1), ("slices", 1)):
        count = _arg(args, kw, index, name)
        if isinstance(count, int) and count > env.limits.max_items:
            raise TemplateLimitError(f"batch/slice sizes are limited to {env.limits.max_items}")


def _pre_tojson(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    indent = _arg(args, kw, 1, "indent")
    if isinstance(indent, int) and indent > 16:
        raise TemplateLimitError("tojson indent is limited to 16")


def _pre_sum(env: _LimitedEnvironment, args: tuple[Any, ...], kw: dict[str, Any]) -> None:
    start = _arg(args, kw, 2, "start")
    if start is not None and not isinstance(start, (int, float)):
        raise UnsafeTemplateError("sum() only adds numbers in templates")


_FILTER_PRECHECKS: dict[
    str, Callable[[_LimitedEnvironment, tuple[Any, ...], dict[str, Any]], None]
] = {
    "center": _pre_center,
    "indent": _pre_indent,
    "wordwrap": _pre_wordwrap,
    "replace": _pre_replace,
    "join": _pre_join,
    "batch": _pre_count,
    "slice": _pre_count,
    "tojson": _pre_tojson,
    "sum": _pre_sum,
}

_base_globals: dict[str, Any] = dict(ImmutableSandboxedEnvironment().globals)


def _template_line(exc: BaseException) -> int | None:
    """The template line of the innermost template frame in ``exc``'s traceback."""
    line = getattr(exc, "line", None)
    if isinstance(line, int):
        return line
    tb = exc.__traceback__
    found: int | None = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_FILENAME:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


def _translate(exc: BaseException) -> TemplateError:
    """Turn anything a template raised into one of our one-line errors."""
    line = _template_line(exc)
    if isinstance(exc, TemplateError):
        return type(exc)(exc.reason, exc.line if exc.line is not None else line)
    if isinstance(exc, jexc.TemplateSyntaxError):
        return TemplateError(f"syntax error: {exc.message}", exc.lineno)
    if isinstance(exc, jexc.SecurityError):
        return UnsafeTemplateError(f"blocked by the sandbox: {exc}", line)
    if isinstance(exc, jexc.UndefinedError):
        message = str(exc)
        return MissingVariableError(f"missing value: {message}", line)
    if isinstance(exc, RecursionError):
        return TemplateLimitError("the template recurses too deeply", line)
    if isinstance(exc, MemoryError):
        return TemplateLimitError("the template needs too much memory", line)
    if isinstance(exc, (OverflowError, ValueError)) and "digits" in str(exc):
        return TemplateLimitError("a number in the template is too large", line)
    return TemplateError(f"{type(exc).__name__}: {exc}", line)


class TemplateRenderer:
    """Compiles (with a small cache) and renders statement templates under limits.

    One renderer may be shared between threads; each render has its own budget. With
    ``isolated`` (the default) the render itself runs in the worker process of
    :mod:`crisisdesk.templating.render_worker`, whose time and memory are enforced by the
    operating system; compiling (and its refusals) stays here, quick and precise.
    """

    def __init__(
        self,
        *,
        html: bool = False,
        limits: RenderLimits | None = None,
        cache_size: int = 64,
        isolated: bool = True,
    ) -> None:
        self.limits = limits or RenderLimits()
        self.html = html
        self.isolated = isolated
        self._env = _LimitedEnvironment(self.limits, html, fold=not isolated)
        self._cache: dict[str, Template] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @property
    def global_names(self) -> frozenset[str]:
        """Names a template may use without being given them."""
        return frozenset(self._env.globals)

    def compile(self, source: str) -> Template:
        """Compile ``source`` (cached); raise :class:`TemplateError` if it is refused."""
        cached = self._cache.get(source)  # a plain dict read is atomic; no lock needed
        if cached is not None:
            return cached
        if len(source) > self.limits.max_source_chars:
            raise TemplateLimitError(
                f"the template is longer than {self.limits.max_source_chars} characters"
            )
        state = self._env.state
        saved = (state.deadline, state.written, state.depth)
        state.deadline, state.written, state.depth = (
            time.monotonic() + self.limits.max_seconds,
            0,
            0,
        )
        try:
            template = self._env.from_string(source)
        except Exception as exc:
            raise _translate(exc) from None
        finally:
            state.deadline, state.written, state.depth = saved
        with self._lock:
            self._cache[source] = template
            while len(self._cache) > self._cache_size:
                del self._cache[next(iter(self._cache))]
        return template

    def render(self, source: str, variables: Mapping[str, Any]) -> str:
        """Render ``source`` with ``variables``; every failure is a :class:`TemplateError`."""
        if not self.isolated:
            return self.render_here(source, variables)
        self.compile(source)
        text: str = self._worker().render(source, variables)
        return text

    def render_many(
        self, jobs: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> list[str | TemplateError]:
        """Render a burst (both languages of a preview, a batch) in one round trip."""
        results: list[str | TemplateError | None] = []
        todo: list[tuple[str, Mapping[str, Any]]] = []
        for source, variables in jobs:
            try:
                self.compile(source)
            except TemplateError as exc:
                results.append(exc)
                continue
            results.append(None)
            todo.append((source, variables))
        if not self.isolated:
            rendered: list[str | TemplateError] = []
            for source, variables in todo:
                try:
                    rendered.append(self.render_here(source, variables))
                except TemplateError as exc:
                    rendered.append(exc)
        else:
            rendered = self._worker().render_many(todo)
        answers = iter(rendered)
        return [r if r is not None else next(answers) for r in results]

    def _worker(self) -> Any:
        from crisisdesk.templating.render_worker import worker_for

        return worker_for(self.html, self.limits)

    def render_here(self, source: str, variables: Mapping[str, Any]) -> str:
        """Render in this process, bounded by the in-process guards only (the worker's way)."""
        template = self.compile(source)
        limits = self.limits
        state = self._env.state
        saved = (state.deadline, state.written, state.depth)
        state.deadline = time.monotonic() + limits.max_seconds
        state.written = 0
        state.depth = 0
        try:
            # Every chunk, top-level or buffered, is counted by ``cd_write`` as it is
            # produced, so the render stops at ``max_written_chars`` mid-stream; the
            # finished text is then held to the (smaller) statement limit.
            text = template.render(variables)
        except Exception as exc:
            raise _translate(exc) from None
        finally:
            state.deadline, state.written, state.depth = saved
        if len(text) > limits.max_output_chars:
            raise TemplateLimitError(
                f"the statement is longer than {limits.max_output_chars} characters"
            )
        if _ADDRESS.search(text):  # an object's repr slipped in through a format: never text
            raise UnsafeTemplateError("an object's internal description cannot be printed")
        return text


_default_renderers: dict[bool, TemplateRenderer] = {}
_default_lock = threading.Lock()


def _default_renderer(html: bool) -> TemplateRenderer:
    with _default_lock:
        renderer = _default_renderers.get(html)
        if renderer is None:
            renderer = _default_renderers[html] = TemplateRenderer(html=html)
        return renderer


def render(source: str, variables: Mapping[str, Any], *, html: bool = False) -> str:
    """Render with the default limits; ``html=True`` turns autoescaping on."""
    return _default_renderer(html).render(source, variables)


def check_template(source: str) -> None:
    """Raise :class:`TemplateError` if ``source`` would be refused before rendering."""
    _default_renderer(False).compile(source)


def declared_and_used_variables(source: str) -> set[str]:
    """The names a template reads from outside itself (not its own ``set``s, not globals).

    These are what the drafting form must ask for; it is computed from the template so
    a declaration that forgets a variable cannot leave a gap in a statement.
    """
    renderer = _default_renderer(False)
    env = renderer._env
    try:
        tree = _parse_source(env, source)
    except Exception as exc:
        raise _translate(exc) from None
    names = meta.find_undeclared_variables(tree)
    return {name for name in names if name not in renderer.global_names}


def _parse_source(env: _LimitedEnvironment, source: str) -> nodes.Template:
    """Parse with our refusals applied (the loop guard is harmless to ``meta``)."""
    if len(source) > env.limits.max_source_chars:
        raise TemplateLimitError(
            f"the template is longer than {env.limits.max_source_chars} characters"
        )
    return env._parse(source, None, None)
