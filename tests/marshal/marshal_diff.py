"""Why two raw pycs of one source differ, for stdlib_property.py.

A small reader of CPython's marshal format (3.8-3.15 pycs) that expands a
pyc into nested tuples, references replaced by the objects they refer to,
with some variations erased:

  refs      FLAG_REF bits and reference numbering (always erased);
  interning interned vs plain str type codes ('Z'/'z', 'A'/'a', 't'/'u');
  set order the order of set and frozenset items.

explain(a, b) names the first of these that accounts for every difference
("FLAG_REF", "interning", "set order"), or "other". Runs on the host Python
(3.8+); it trusts its input, which canon_tool has already read.
"""
import struct

# Per layout: 'i' a raw int32, 'o' an object (Python/marshal.c, TYPE_CODE).
FIELDS_38 = 'iiiiii' + 'oooooooo' + 'i' + 'o'
FIELDS_311 = 'iiiii' + 'oooooooo' + 'i' + 'oo'
INTERNED = {'Z': 'z', 'A': 'a', 't': 'u'}


def fields_for(magic):
    return FIELDS_38 if magic < 3450 else FIELDS_311


class _Reader:
    def __init__(self, data, fields, keep_interning, sort_sets):
        self.data, self.pos, self.fields = data, 0, fields
        self.keep_interning, self.sort_sets = keep_interning, sort_sets
        self.refs = []

    def take(self, n):
        s = self.data[self.pos:self.pos + n]
        self.pos += n
        return s

    def int32(self):
        return struct.unpack('<i', self.take(4))[0]

    def obj(self):
        code = self.data[self.pos]
        self.pos += 1
        t, flag = chr(code & 0x7f), code & 0x80
        if t in 'NFTS.':
            return (t,)
        if t == 'r':
            return self.refs[self.int32()]
        slot = len(self.refs)
        if flag:
            self.refs.append(None)
        v = self.body(t)
        if flag:
            self.refs[slot] = v
        return v

    def body(self, t):
        if t == 'i':
            return ('i', self.int32())
        if t == 'l':
            n = self.int32()
            return ('l', n, self.take(2 * abs(n)))
        if t in 'gy':
            return (t, self.take(8 if t == 'g' else 16))
        if t == 's':
            return ('s', self.take(self.int32()))
        if t in 'zZ':
            return self.text(t, self.take(1)[0])
        if t in 'aAut':
            return self.text(t, self.int32())
        if t in ')(<>':
            n = self.take(1)[0] if t == ')' else self.int32()
            items = [self.obj() for _ in range(n)]
            if t in '<>' and self.sort_sets:
                items.sort(key=repr)
            return ('(' if t == ')' else t, tuple(items))
        if t == ':':
            return (':', self.obj(), self.obj(), self.obj())
        if t == 'c':
            return ('c', tuple(self.int32() if f == 'i' else self.obj() for f in self.fields))
        raise ValueError('type code %r at %d' % (t, self.pos - 1))

    def text(self, t, n):
        if not self.keep_interning:
            t = INTERNED.get(t, t)
        return ('str', t, self.take(n))


def expand(pyc, keep_interning=True, sort_sets=False):
    """The expanded form of a pyc's code object (header excluded)."""
    magic = struct.unpack('<H', pyc[:2])[0]
    r = _Reader(pyc[16:], fields_for(magic), keep_interning, sort_sets)
    return r.obj()


def explain(a, b):
    """Why the pycs |a| and |b| differ (REQUIRES: a != b)."""
    for why, keep_interning, sort_sets in (('FLAG_REF', True, False),
                                           ('interning', False, False),
                                           ('set order', False, True)):
        if expand(a, keep_interning, sort_sets) == expand(b, keep_interning, sort_sets):
            return why
    return 'other'
