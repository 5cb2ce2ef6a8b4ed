#!/usr/bin/env python3
# gen_parser_cases.py: writes tests/parser_cases.inc, test_parser.c's expected dumps and errors, from CPython 3.11.
#
#   python3.11 tests/gen_parser_cases.py > tests/parser_cases.inc
#
# Dumps: ast.parse(source) rendered in coroscope-astdump's S-expression form.
# Errors: the stderr of `python3.11 x.py` with the source written to x.py
# (run so that a file that compiles is not executed), the path shown as x.py.
# Unsupported constructs: CPython must accept them; the expected text is
# coroscope's own message, taken from `coroscope-astdump` when --astdump is
# given (otherwise the previous file's text is kept by hand).
import ast, os, subprocess, sys, tempfile

assert sys.version_info[:2] == (3, 11), "run with CPython 3.11"
# ---------------------------------------------------------------- the cases
DUMPS = [
 ('operator_precedence_power_binds_tighter_than_unary_minus', '-2 ** 2\n2 ** -1\n2 ** 3 ** 2\n-x.y ** 2\n'),
 ('binary_operators_follow_python_precedence', 'a + b * c - d // e % f @ g\na | b ^ c & d << 1 >> 2\n(a + b) * c\n'),
 ('comparison_chains_with_is_not_and_not_in', 'a < b <= c == d != e > f >= g\nx is not None\ny not in z\nx is y in z\n'),
 ('boolean_operators_group_by_precedence', 'a or b and not c or d\nnot not a\na and b and c\n'),
 ('conditional_expression_and_lambda', 'x = a if b else c if d else e\nf = lambda: 0\ng = lambda x, y=1, *a, k, **kw: x + y\n'),
 ('walrus_in_condition_and_comprehension', 'if (n := len(a)) > 10:\n    pass\n[y for x in z if (y := f(x))]\nwhile chunk := read():\n    pass\n'),
 ('calls_with_positional_keyword_star_and_double_star', 'f(a, b, *c, d=1, *e, **g, h=2, **i)\nf()\nf(a,)\nprint("x", end="", sep=" ")\n'),
 ('generator_expression_as_sole_argument', 'sum(x * x for x in range(10) if x % 2)\nf((a for a in b), c)\n'),
 ('subscripts_and_slices', 'a[1]\na[1:2]\na[:]\na[::2]\na[1:2, 3]\na[b, c]\na[*b]\na[x:=1]\na[-1:]\n'),
 ('attribute_chains_and_calls', 'a.b.c(d).e[f].g()\n'),
 ('tuples_with_trailing_comma_and_empty', 'x = ()\ny = 1,\nz = (1,)\nw = 1, 2,\nreturn_ = (1, 2, *r)\n'),
 ('list_set_dict_displays_with_starred_and_double_star', 'a = [1, *b, 2]\ns = {1, *t}\nd = {"k": 1, **e, 2: 3}\ne = {}\nl = []\n'),
 ('comprehensions_nested_for_if_and_async', '[x for y in z for x in y if x if not x.skip]\n{k: v for k, v in d.items()}\n{s for s in t}\n(g for g in h)\nasync def f():\n    return [i async for i in aiter() if await ok(i)]\n'),
 ('fstring_with_nested_quotes_and_spec', 'f"{x!r:>{width}} and {d[\'k\']} {y:.2f}"\nf\'{"a" if b else "c"}\'\n'),
 ('fstring_conversion_and_self_documenting', 'f"{x=}"\nf"{x = !s}"\nf"{x=:>10}"\nf"{{literal}} {x!a}"\n'),
 ('string_concatenation_escapes_bytes_and_chinese', 's = "a" \'b\' """c"""\nt = "\\t\\n\\x41\\u4e2d\\U0001F600\\101\\\\"\nb = b"\\x00\\xff" rb"\\d"\nr = r"\\d+"\nc = "中文字符串"\nu = u"kind"\n'),
 ('numbers_ints_floats_big_and_bases', 'a = 0\nb = 1_000_000\nc = 0x_ff\nd = 0o17\ne = 0b1010\nf = 1.5\ng = 1e-05\nh = .5\ni = 5.\nj = 1E10\nk = 18446744073709551616\nl = 0xffffffffffffffffff\nm = 3.3000000000000003\n'),
 ('ellipsis_none_true_false_constants', 'x = ...\ny = None, True, False\n'),
 ('def_with_defaults_kwonly_varargs_posonly', 'def f(a, b=1, /, c=2, *args, d, e=3, **kw) -> int:\n    return a\ndef g(*, k):\n    pass\ndef h(x: int, *y: str, **z: float):\n    pass\n'),
 ('async_def_await_async_for_async_with', 'async def main():\n    await asyncio.sleep(1)\n    async for x in agen():\n        print(x)\n    async with lock as l, other:\n        pass\n    r = await asyncio.gather(a(), b())\n'),
 ('decorators_on_function_and_class', '@dec\n@dec.attr(1)\ndef f():\n    pass\n@dataclass(frozen=True)\nclass C:\n    x: int = 0\n'),
 ('class_with_bases_and_keywords', 'class A(B, C, metaclass=M):\n    """doc"""\n    def __init__(self):\n        super().__init__()\n'),
 ('if_elif_else_chain', 'if a:\n    x = 1\nelif b:\n    x = 2\nelif c:\n    pass\nelse:\n    x = 3\n'),
 ('while_else_and_for_else_with_tuple_target', 'while x:\n    break\nelse:\n    pass\nfor i, (j, k) in enumerate(pairs):\n    continue\nelse:\n    done()\nfor x, in y:\n    pass\n'),
 ('try_except_as_tuple_else_finally', 'try:\n    f()\nexcept (ValueError, TypeError) as e:\n    raise\nexcept KeyError:\n    pass\nexcept:\n    pass\nelse:\n    g()\nfinally:\n    h()\ntry:\n    pass\nfinally:\n    pass\n'),
 ('raise_and_raise_from', 'raise\nraise ValueError("x")\nraise RuntimeError() from e\nraise E from None\n'),
 ('with_multiple_items_and_parenthesized', 'with open(a) as f, open(b) as g:\n    pass\nwith (open(a) as f, open(b) as g,):\n    pass\nwith (a, b) as (c, d):\n    pass\nwith (a, b):\n    pass\nwith a as x.y:\n    pass\n'),
 ('import_forms', 'import os\nimport os.path as p, sys\nfrom a.b import c as d, e\nfrom . import x\nfrom ..m import (y, z,)\nfrom .m import *\n'),
 ('global_nonlocal_del_assert_pass', 'def f():\n    global g, h\n    x = 1\n    def inner():\n        nonlocal x\n        del x\n    del a[0], b.c\n    assert x, "msg"\n    assert y\n    pass\n'),
 ('assignment_chained_unpacking_starred', 'a = b = c = 0\nx, y = y, x\nfirst, *rest = items\n[p, (q, *r)] = s\na.b[c] = d\n'),
 ('augmented_and_annotated_assignment', 'x += 1\nx -= 1\nx *= 2\nx /= 2\nx //= 2\nx %= 2\nx **= 2\nx @= m\nx &= 1\nx |= 1\nx ^= 1\nx <<= 1\nx >>= 1\ny: int\nz: list[int] = []\n(w): int = 1\na.b: int = 2\nv = yield_\n'),
 ('yield_and_yield_from', 'def g():\n    yield\n    yield 1\n    yield 1, 2\n    x = yield y\n    yield from h()\n    z = (yield)\n'),
 ('semicolons_and_one_line_blocks', 'x = 1; y = 2;\nif x: y = 3; z = 4\nclass A: pass\n'),
 ('soft_keywords_are_names', 'match = 1\ncase = match\n_ = case\nmatch(x)\nprint(match.group)\n'),
]

POS_DUMPS = [
 ('positions_on_every_node', 'def f(a, *, b=1):\n    return a + b  # sum\nx = [f(1, b=2),\n     "中文" + "字"]\n'),
 ('positions_of_fstring_parts', 'print(f"{a} and {b!r:>{w}}")\n'),
]

ERRORS = [
 ('missing_colon_reports_expected_colon', 'if x\n    pass\n'),
 ('missing_colon_after_def_is_forced', 'def f()\n    pass\n'),
 ('missing_colon_after_else', 'if x:\n    pass\nelse\n    pass\n'),
 ('missing_colon_after_for', 'for i in range(3)\n    print(i)\n'),
 ('missing_colon_after_class', 'class A\n    pass\n'),
 ('missing_colon_after_while', 'while x\n    pass\n'),
 ('missing_colon_after_with', 'with open(f) as g\n    pass\n'),
 ('missing_colon_after_except', 'try:\n    pass\nexcept ValueError\n    pass\n'),
 ('unterminated_string_literal_reports_detected_line', 'x = 1\ns = "abc\ny = 2\n'),
 ('unterminated_triple_quoted_string_reports_detected_line', 'x = """abc\n\n\n'),
 ('unexpected_indent_is_indentation_error', 'x = 1\n    y = 2\n'),
 ('unindent_mismatch_is_indentation_error', 'if x:\n        a = 1\n    b = 2\n'),
 ('expected_indented_block_after_if', 'if x:\npass\n'),
 ('expected_indented_block_after_elif', 'if x:\n    pass\nelif y:\npass\n'),
 ('expected_indented_block_after_else', 'if x:\n    pass\nelse:\npass\n'),
 ('expected_indented_block_after_while', 'while x:\npass\n'),
 ('expected_indented_block_after_for', 'for x in y:\npass\n'),
 ('expected_indented_block_after_def', 'def f():\nreturn 1\n'),
 ('expected_indented_block_after_async_def', 'async def f():\nreturn 1\n'),
 ('expected_indented_block_after_class', 'class A:\npass\n'),
 ('expected_indented_block_after_try', 'try:\npass\n'),
 ('expected_indented_block_after_except', 'try:\n    pass\nexcept E as e:\npass\n'),
 ('expected_indented_block_after_finally', 'try:\n    pass\nfinally:\npass\n'),
 ('expected_indented_block_after_with', 'with a:\npass\n'),
 ('expected_indented_block_at_end_of_file', 'def f():\n'),
 ('return_outside_function', 'x = 1\nreturn x\n'),
 ('await_outside_function', 'import asyncio\nawait asyncio.sleep(1)\n'),
 ('await_outside_async_function', 'def f():\n    await g()\n'),
 ('yield_outside_function', 'yield 1\n'),
 ('break_outside_loop', 'for x in y:\n    pass\nbreak\n'),
 ('continue_not_properly_in_loop', 'def f():\n    continue\n'),
 ('missing_comma_reports_perhaps_forgot_comma', 'print("a" b)\n'),
 ('missing_comma_in_list', 'x = [1, 2 3]\n'),
 ('missing_comma_between_names', 'print(a b)\n'),
 ('assign_to_literal_suggests_equality', '1 = x\n'),
 ('assign_to_function_call_suggests_equality', 'f() = 1\n'),
 ('assign_to_function_call_in_chain', 'x = f() = 1\n'),
 ('assign_in_if_condition_suggests_equality', 'if x = 1:\n    pass\n'),
 ('assign_to_keyword_true', 'True = 1\n'),
 ('augmented_assign_to_call', 'f() += 1\n'),
 ('delete_a_call', 'del f()\n'),
 ('for_target_is_a_call', 'for f() in x:\n    pass\n'),
 ('paren_was_never_closed', 'x = (1,\ny = 2\n'),
 ('call_was_never_closed', 'print("hello"\nx = 1\n'),
 ('unmatched_closing_paren', 'x = 1)\n'),
 ('closing_bracket_does_not_match', 'x = (1]\n'),
 ('closing_bracket_does_not_match_on_line', 'x = (1,\n2]\n'),
 ('invalid_decimal_literal', 'x = 1abc\n'),
 ('print_without_parentheses', "print 'hello'\n"),
 ('print_without_parentheses_with_name', 'print x\n'),
 ('try_without_except_or_finally', 'try:\n    x = 1\nprint(x)\n'),
 ('fstring_empty_expression', 'x = f"{}"\n'),
 ('fstring_invalid_syntax_inside_is_prefixed', 'x = f"{a b}"\n'),
 ('fstring_expecting_closing_brace', 'x = f"{a"\n'),
 ('fstring_single_closing_brace', 'x = f"a}"\n'),
 ('fstring_bad_conversion', 'x = f"{a!x}"\n'),
 ('fstring_backslash_in_expression', 'x = f"{\'\\\\n\'.join(a)}"\n'),
 ('fstring_nested_too_deeply', 'x = f"{a:{b:{c}}}"\n'),
 ('expected_else_after_if_expression', 'x = a if b\n'),
 ('positional_argument_follows_keyword', 'f(a=1, b)\n'),
 ('keyword_argument_repeated', 'f(a=1, a=2)\n'),
 ('generator_must_be_parenthesized', 'f(x for x in y, 1)\n'),
 ('non_default_argument_follows_default', 'def f(a=1, b):\n    pass\n'),
 ('duplicate_argument', 'def f(a, a):\n    pass\n'),
 ('nonlocal_at_module_level', 'nonlocal x\n'),
 ('no_binding_for_nonlocal', 'def f():\n    nonlocal x\n'),
 ('name_used_prior_to_global', 'def f():\n    print(x)\n    global x\n'),
 ('starred_assignment_target_alone', '*a = 1\n'),
 ('multiple_starred_in_assignment', '*a, *b = c\n'),
 ('cannot_use_starred_here', 'x = *a\n'),
 ('tab_error_for_mixed_indentation', 'if x:\n\tpass\n        y\n'),
 ('invalid_character_fullwidth_comma', 'x = [1\uff0c2]\n'),
 ('fullwidth_colon_in_header', 'if x\uff1a\n    pass\n'),
 ('keyword_as_name', 'class = 1\n'),
 ('later_tokenizer_error_wins', 'x = 1 2\ny = "abc\n'),
 ('cjk_line_caret_counts_bytes_as_cpython_does', 'x = "中文" +\n'),
 ('coding_declaration_counts_characters', '# coding: utf-8\nx = "中文" 1 2\n'),
 ('too_many_nested_parentheses', 'x = ' + '(' * 201 + ')' * 201 + '\n'),
 ('deep_unary_minus_is_recursion_error', 'x = ' + '-' * 3000 + '1\n'),
 ('null_byte_in_source', 'x = 1\x00\n'),
 ('async_for_outside_async', 'def f():\n    async for x in y:\n        pass\n'),
 ('default_except_must_be_last', 'try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n'),
 ('is_with_literal_warns_then_errors', 'if x is 1:\n    pass\nreturn\n'),
 ('every_warning_is_shown', 'x = [0for y in z]; w = 1if x else 2\nif x is 1 or x is 2: pass\nreturn\n'),
 ('missing_comma_in_tuple_target', 'a, b c = 1, 2\n'),
 ('missing_comma_in_annotated_tuple_target', 'a, b c: int\n'),
 ('missing_comma_before_comprehension', 'print(len(x) [i for i in y])\n'),
 ('missing_comma_after_call', 'print(now() "x")\nprint(now() (yield))\n'),
 ('missing_colon_after_return_annotation', 'def f() -> :\n    pass\n'),
 ('string_error_beats_invalid_syntax', 'x = 1 f"{}"\n'),
 ('dict_key_without_value', 'd = {"a": 1, "b"}\n'),
 ('dict_value_missing', 'd = {"a": }\n'),
 ('walrus_on_attribute', 'if (a.b := 1):\n    pass\n'),
 ('comprehension_target_needs_parentheses', '[x, y for x, y in z]\n'),
 ('starred_comprehension_element', '[*x for x in y]\n'),
 ('yield_inside_list_comprehension', 'def f():\n    return [(yield x) for x in y]\n'),
 ('asynchronous_comprehension_in_sync_function', 'def f():\n    return [x async for x in y]\n'),
 ('return_with_value_in_async_generator', 'async def f():\n    yield 1\n    return 2\n'),
 ('future_import_not_at_top', 'import os\nfrom __future__ import annotations\n'),
 ('unexpected_indent_after_comment_line', '# hi\n    x = 1\n'),
 ('unindent_eof_inside_block', 'def f():\n    if x:\n        y = 1\n      z = 2\n'),
 ('chinese_full_width_parentheses', 'print（"你好"）\n'),
 ('chinese_quotes', 'print(\u201chello\u201d)\n'),
]

UNSUPPORTED = [
 ('match_statement_is_not_supported', 'match x:\n    case 1:\n        pass\n'),
 ('except_star_is_not_supported', 'try:\n    pass\nexcept* E:\n    pass\n'),
 ('complex_literal_is_not_supported', 'z = 1 + 2j\n'),
]

# ------------------------------------------------------- the dump format

POS = False
LINES = []

def cc(line, bcol):
    if line < 1 or line > len(LINES): return bcol
    return len(LINES[line - 1][:bcol].decode('utf-8', errors='replace'))

def pos(n):
    if not POS or not hasattr(n, 'lineno'): return ''
    return '@%d:%d-%d:%d' % (n.lineno, cc(n.lineno, n.col_offset), n.end_lineno, cc(n.end_lineno, n.end_col_offset))

def rep(v):
    if v is None: return 'None'
    if v is True: return 'True'
    if v is False: return 'False'
    if v is Ellipsis: return 'Ellipsis'
    return repr(v)

CTX = {'Attribute', 'Subscript', 'Starred', 'Name', 'List', 'Tuple'}

def node(n):
    k = type(n).__name__
    out = ['(' + k + pos(n)]
    def field(name, val): out.append(' %s=%s' % (name, val))
    def done(): out.append(')'); return ''.join(out)
    if isinstance(n, ast.Constant):
        field('value', rep(n.value))
        if n.kind == 'u': out.append(' kind=u')
        return done()
    if isinstance(n, ast.Compare):
        field('left', node(n.left))
        field('ops', '[' + ' '.join(type(o).__name__ for o in n.ops) + ']')
        field('comparators', seq(n.comparators))
        return done()
    if isinstance(n, ast.FormattedValue):
        field('value', node(n.value))
        if n.conversion != -1: field('conversion', chr(n.conversion))
        if n.format_spec: field('format_spec', node(n.format_spec))
        return done()
    if isinstance(n, ast.comprehension):
        field('target', node(n.target)); field('iter', node(n.iter))
        if n.ifs: field('ifs', seq(n.ifs))
        if n.is_async: out.append(' is_async=1')
        return done()
    if isinstance(n, ast.AnnAssign):
        field('target', node(n.target)); field('annotation', node(n.annotation))
        if n.value: field('value', node(n.value))
        if n.simple: out.append(' simple=1')
        return done()
    if isinstance(n, ast.ImportFrom):
        if n.module: field('module', n.module)
        field('names', seq(n.names))
        if n.level: out.append(' level=%d' % n.level)
        return done()
    if isinstance(n, (ast.Global, ast.Nonlocal)):
        field('names', '[' + ' '.join(n.names) + ']')
        return done()
    for name in n._fields:
        if name in ('ctx', 'type_comment', 'kind'): continue
        v = getattr(n, name, None)
        if v is None: continue
        if isinstance(v, list):
            if not v: continue
            field(name, '[' + ' '.join(v) + ']' if isinstance(v[0], str) else seq(v))
        elif isinstance(v, (ast.operator, ast.unaryop, ast.boolop, ast.cmpop)):
            field(name, type(v).__name__)
        elif isinstance(v, ast.AST):
            field(name, node(v))
        elif isinstance(v, str):
            field(name, v)
        else:
            field(name, rep(v))
    if k in CTX: field('ctx', type(n.ctx).__name__)
    return done()

def seq(v):
    return '[' + ' '.join('None' if x is None else node(x) for x in v) + ']'

def dump(src, with_pos):
    global LINES, POS
    POS = with_pos
    LINES = src.encode('utf-8').split(b'\n')
    t = ast.parse(src)
    return '(Module' + ((' body=' + seq(t.body)) if t.body else '') + ')'

# ---------------------------------------------------------------- running

# Stop a script that compiles before it runs: exit at its first frame.
HOOK = '''import os, sys
def _stop(frame, event, arg):
    if event == 'call' and frame.f_code.co_name == '<module>' and frame.f_globals.get('__name__') == '__main__':
        sys.stderr.flush()
        os._exit(0)
sys.settrace(_stop)
'''

def cpython(src, tmp):
    f = os.path.join(tmp, 'x.py')
    with open(f, 'wb') as fh: fh.write(src.encode('utf-8'))
    env = dict(os.environ, PYTHONPATH=tmp)
    r = subprocess.run([sys.executable, f], capture_output=True, env=env, cwd=tmp)
    return r.returncode, r.stderr.decode('utf-8').replace(f, 'x.py')

def coroscope(astdump, src, tmp):
    f = os.path.join(tmp, 'x.py')
    with open(f, 'wb') as fh: fh.write(src.encode('utf-8'))
    r = subprocess.run([astdump, 'x.py'], capture_output=True, cwd=tmp)
    return r.stderr.decode('utf-8')

def cstr(s):
    out = ''
    for ch in s:
        c = ord(ch)
        if ch == '\\': out += '\\\\'
        elif ch == '"': out += '\\"'
        elif ch == '\n': out += '\\n'
        elif ch == '\t': out += '\\t'
        elif c < 32 or c == 127: out += '\\%03o' % c
        else: out += ch
    parts = out.split('\\n')
    if len(parts) <= 2 and len(out) < 90: return '"' + out + '"'
    chunks = ['"' + p + '\\n"' for p in parts[:-1]] + (['"' + parts[-1] + '"'] if parts[-1] else [])
    return '\n    '.join(chunks)

def main():
    astdump = None
    if len(sys.argv) > 2 and sys.argv[1] == '--astdump': astdump = sys.argv[2]
    out = ['/* parser_cases.inc: expected dumps and errors for test_parser.c, written by gen_parser_cases.py from CPython %s. */'
           % sys.version.split()[0]]
    def emit(name, src, want):
        out.append('  {"%s", %s, %d,\n   %s},' % (name, cstr(src), len(src.encode('utf-8')), cstr(want)))
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, 'sitecustomize.py'), 'w') as fh: fh.write(HOOK)
        out.append('static const parse_case dump_cases[] = {')
        for name, src in DUMPS: emit(name, src, dump(src, False))
        out.append('};\n\nstatic const parse_case pos_cases[] = {')
        for name, src in POS_DUMPS: emit(name, src, dump(src, True))
        out.append('};\n\nstatic const parse_case error_cases[] = {')
        for name, src in ERRORS:
            rc, err = cpython(src, tmp)
            assert rc == 1, (name, err)
            emit(name, src, err)
        out.append('};\n\nstatic const parse_case unsupported_cases[] = {')
        for name, src in UNSUPPORTED:
            rc, err = cpython(src, tmp)
            assert rc == 0 and err == '', (name, err)
            emit(name, src, coroscope(astdump, src, tmp) if astdump else '')
        out.append('};')
    print('\n'.join(out))

main()
