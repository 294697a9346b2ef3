// What changed between two versions of a state sent to many pages (the room's public state),
// as a list of operations the pages apply to the version they hold: the server diffs, the
// pages apply, both through this module. Generic over any JSON state, so one room's state or
// another's goes through it alike.
//
// An operation is `[path, value]` (set the value at path) or `[path]` (delete the key at path).
// Objects are compared key by key; arrays of the same length element by element, an element
// whose identity (`id`, else `teamId`) changed being replaced whole (a leaderboard row that
// moved: the rows between its old and new place); an array whose length changed is replaced
// whole. A patch names the version it applies to (`base`) and the one it makes (`rev`): a page
// holding another version asks for the whole state instead.

export type StatePath = (string | number)[];
export type StateOp = [path: StatePath] | [path: StatePath, value: unknown];

export interface StatePatch {
  /** The version this patch applies to. */
  base: number;
  /** The version it makes. */
  rev: number;
  ops: StateOp[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The element's identity in a list of records, when it has one. */
function identity(x: unknown): unknown {
  if (!isObject(x)) return undefined;
  return x.id ?? x.teamId;
}

/**
 * The differences already found between two subtrees, by the pair of objects: states that share
 * parts (every room's public state holds the same teams and board) diff each shared part once.
 * Its operations' paths start at the subtree.
 */
export type DiffMemo = WeakMap<object, WeakMap<object, StateOp[]>>;

/**
 * The operations that turn `a` into `b` (both JSON: what survives JSON.stringify). With `memo`, the
 * top-level parts that are objects are diffed once per pair of objects and the result reused.
 */
export function diffState(a: unknown, b: unknown, memo?: DiffMemo): StateOp[] {
  const ops: StateOp[] = [];
  if (memo && isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      if (a[key] !== undefined && (!Object.hasOwn(b, key) || b[key] === undefined)) ops.push([[key]]);
    }
    for (const key of Object.keys(b)) {
      const next = b[key];
      if (next === undefined) continue;
      const before = Object.hasOwn(a, key) ? a[key] : undefined;
      if (before === undefined) ops.push([[key], next]);
      else if (before !== next && typeof before === 'object' && before !== null && typeof next === 'object' && next !== null) {
        let known = memo.get(before)?.get(next);
        if (!known) {
          known = [];
          walk(before, next, [], known);
          if (!memo.has(before)) memo.set(before, new WeakMap());
          memo.get(before)!.set(next, known);
        }
        for (const op of known) ops.push(op.length === 2 ? [[key, ...op[0]], op[1]] : [[key, ...op[0]]]);
      } else walk(before, next, [key], ops);
    }
    return ops;
  }
  walk(a, b, [], ops);
  return ops;
}

function walk(a: unknown, b: unknown, path: StatePath, ops: StateOp[]): void {
  if (a === b) return;
  if (isObject(a) && isObject(b)) {
    for (const key of Object.keys(a)) {
      if (a[key] !== undefined && (!Object.hasOwn(b, key) || b[key] === undefined)) ops.push([[...path, key]]);
    }
    for (const key of Object.keys(b)) {
      const next = b[key];
      if (next === undefined) continue;
      const before = Object.hasOwn(a, key) ? a[key] : undefined;
      if (before === undefined) ops.push([[...path, key], next]);
      else walk(before, next, [...path, key], ops);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < b.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      // A different record at this place: the new one whole, not a field-by-field rewrite of the old.
      if (identity(x) !== identity(y)) ops.push([[...path, i], y]);
      else walk(x, y, [...path, i], ops);
    }
    return;
  }
  ops.push([path, b]);
}

/** `state` with `ops` applied; what it shares with `state` is not copied, and `state` is left as it was. */
export function applyStateOps<T>(state: T, ops: readonly StateOp[]): T {
  let root = state as unknown;
  for (const op of ops) root = applyOne(root, op[0], 0, op.length === 2, op[1]);
  return root as T;
}

function applyOne(node: unknown, path: StatePath, at: number, set: boolean, value: unknown): unknown {
  if (at === path.length) return value;
  const key = path[at]!;
  if (Array.isArray(node)) {
    const copy = node.slice();
    const index = Number(key);
    if (at === path.length - 1 && !set) copy.splice(index, 1);
    else copy[index] = applyOne(node[index], path, at + 1, set, value);
    return copy;
  }
  const copy: Record<string, unknown> = isObject(node) ? { ...node } : {};
  const name = String(key);
  if (at === path.length - 1 && !set) {
    delete copy[name];
    return copy;
  }
  const child = applyOne(Object.hasOwn(copy, name) ? copy[name] : undefined, path, at + 1, set, value);
  // A key named __proto__ is a key like any other here, not the object's prototype.
  Object.defineProperty(copy, name, { value: child, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The patch from version `base` (state `a`) to version `rev` (state `b`), or null when nothing changed. */
export function statePatch(a: unknown, b: unknown, base: number, rev: number): StatePatch | null {
  const ops = diffState(a, b);
  return ops.length ? { base, rev, ops } : null;
}

/** `state` (at version `rev`) moved on by `patch`, or null when the patch is not for that version (a gap: ask for the whole state). */
export function applyStatePatch<T>(state: T, rev: number, patch: StatePatch): T | null {
  if (patch.base !== rev) return null;
  return applyStateOps(state, patch.ops);
}
