// Which fields of a Port entity a sync's JSONata expressions read, from their syntax trees: the
// `include` list Port's search is asked for, so it sends (and we hold) only those. Conservative:
// whatever it cannot tell for certain (`$` or `$$` on the entity, wildcards or descendants at the
// top, parent or focus steps, $eval, a function left to take the entity as its argument, a node it
// does not know) means the whole entity. A wrong include would drop data silently and plan phantom
// updates and deletes; a missed one only costs bytes.
import jsonata from 'jsonata';

interface AstNode {
  readonly type: string;
  readonly value?: unknown;
  readonly steps?: readonly AstNode[];
  readonly stages?: readonly AstNode[];
  readonly predicate?: readonly AstNode[];
  readonly expressions?: readonly AstNode[];
  readonly arguments?: readonly AstNode[];
  readonly procedure?: AstNode;
  readonly body?: AstNode;
  readonly lhs?: AstNode | ReadonlyArray<readonly AstNode[]>;
  readonly rhs?: AstNode;
  readonly expr?: AstNode;
  readonly condition?: AstNode;
  readonly then?: AstNode;
  readonly else?: AstNode;
  readonly group?: {readonly lhs?: ReadonlyArray<readonly AstNode[]>};
  readonly terms?: ReadonlyArray<{readonly expression?: AstNode}>;
  readonly focus?: unknown;
  readonly index?: unknown;
  readonly tuple?: unknown;
  readonly ancestor?: unknown;
  readonly seekingParent?: unknown;
  readonly expression?: AstNode;
}

/** Thrown inside the walk when an expression may read the entity whole. */
class WholeEntity extends Error {}

/** Port's include paths, as it documents them: a top-level field, or one key of these (`properties.url`). */
const NESTED = new Set(['properties', 'relations']);

const LEAVES = new Set(['string', 'number', 'value', 'regex', 'operator']);

/**
 * Where an expression is evaluated: on the entity (`root`), or on a value inside a field that is
 * included whole (`inside`), where relative reads need nothing more.
 */
type Context = 'root' | 'inside';

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

class Reads {
  readonly paths = new Set<string>();

  walk(node: AstNode | undefined, context: Context): void {
    if (node === undefined) return;
    if (
      node.tuple !== undefined ||
      node.focus !== undefined ||
      node.index !== undefined ||
      node.ancestor !== undefined
    ) {
      throw new WholeEntity(); // focus (@) and index (#) steps keep an earlier context: not followed
    }
    if (node.seekingParent !== undefined) throw new WholeEntity();
    if (LEAVES.has(node.type)) return;
    switch (node.type) {
      case 'path':
        return this.path(node.steps ?? [], context);
      case 'name':
        return this.path([node], context);
      case 'variable':
        // `$` is the context (the entity, at the top); `$$` is always the entity. Others hold values read elsewhere.
        if (node.value === '$' || (node.value === '' && context === 'root')) throw new WholeEntity();
        return;
      case 'wildcard':
      case 'descendant':
        if (context === 'root') throw new WholeEntity();
        return;
      case 'function':
      case 'partial':
        return this.call(node, context);
      case 'lambda':
        return this.walk(node.body, context); // evaluated on the context it was defined in
      case 'condition':
        this.walk(node.condition, context);
        this.walk(node.then, context);
        return this.walk(node.else, context);
      case 'block':
        for (const expression of node.expressions ?? []) this.walk(expression, context);
        return;
      case 'bind':
      case 'binary':
      case 'apply':
        this.walk(isNode(node.lhs) ? node.lhs : undefined, context);
        return this.walk(node.rhs, context);
      case 'unary':
        return this.unary(node, context);
      case 'filter':
        return this.walk(node.expr, context);
      default:
        throw new WholeEntity(); // parent (%), transform, sort at the top, or anything newer
    }
  }

  private unary(node: AstNode, context: Context): void {
    if (node.value === '-') return this.walk(node.expression, context);
    if (node.value === '[') {
      for (const expression of node.expressions ?? []) this.walk(expression, context);
      return;
    }
    if (node.value === '{' && Array.isArray(node.lhs)) {
      for (const pair of node.lhs as ReadonlyArray<readonly AstNode[]>)
        for (const part of pair) this.walk(part, context);
      return;
    }
    throw new WholeEntity();
  }

  private call(node: AstNode, context: Context): void {
    const procedure = node.procedure;
    // Called with no arguments, many built-ins take the context (the entity) instead; $eval reads anything.
    if (procedure?.type === 'variable' && procedure.value === 'eval') throw new WholeEntity();
    if ((node.arguments ?? []).length === 0 && context === 'root') throw new WholeEntity();
    if (procedure?.type !== 'variable') this.walk(procedure, context);
    for (const argument of node.arguments ?? []) this.walk(argument, context);
  }

  /** A path from the context: on the entity, its leading plain names are the field it reads. */
  private path(steps: readonly AstNode[], context: Context): void {
    const names: string[] = [];
    let rest = 0;
    if (context === 'root') {
      for (const step of steps) {
        if (step.type !== 'name' || typeof step.value !== 'string') break;
        if (names.length === 2 || (names.length === 1 && !NESTED.has(names[0]!))) break;
        // A key with a dot in it cannot be named in an include path: its parent is included whole.
        if (step.value.includes('.')) break;
        names.push(step.value);
        rest += 1;
        if (hasStages(step)) break; // what follows is read from this value, included whole
      }
      if (names.length > 0) this.paths.add(names.join('.'));
      else if (steps[0]?.type === 'name') throw new WholeEntity(); // `\`a.b\``: no include path names it
    }
    steps.forEach((step, i) => {
      // The first step of a path that is not a field (a variable, a call, a block) is evaluated on the context.
      const at: Context = i === 0 && names.length === 0 ? context : 'inside';
      if (i < rest) {
        this.stages(step);
        return;
      }
      if (step.type === 'name') {
        if (
          step.tuple !== undefined ||
          step.focus !== undefined ||
          step.index !== undefined ||
          step.ancestor !== undefined
        ) {
          throw new WholeEntity();
        }
        this.stages(step);
        return;
      }
      const {stages: _stages, predicate: _predicate, group: _group, ...bare} = step;
      this.walk(bare, at);
      this.stages(step);
    });
  }

  /** Predicates and group-by of a step are read from the step's value, which is included whole. */
  private stages(step: AstNode): void {
    if (
      step.tuple !== undefined ||
      step.focus !== undefined ||
      step.index !== undefined ||
      step.ancestor !== undefined
    ) {
      throw new WholeEntity();
    }
    for (const stage of [...(step.stages ?? []), ...(step.predicate ?? [])]) this.walk(stage, 'inside');
    for (const pair of step.group?.lhs ?? []) for (const part of pair) this.walk(part, 'inside');
  }
}

function hasStages(step: AstNode): boolean {
  return (step.stages?.length ?? 0) > 0 || (step.predicate?.length ?? 0) > 0 || step.group !== undefined;
}

/**
 * The Port include paths that cover every field these expressions read (with `identifier`, which
 * every entity needs), or undefined when one of them may read the entity whole.
 */
export function entityFields(sources: readonly string[]): string[] | undefined {
  const reads = new Reads();
  try {
    for (const source of sources) reads.walk(jsonata(source).ast() as AstNode, 'root');
  } catch {
    return undefined; // WholeEntity, or an expression we cannot read: the whole entity, to be safe
  }
  const paths = new Set(['identifier', ...reads.paths]);
  // `properties` covers `properties.url`: Port would send it twice over, and some servers refuse overlaps.
  return [...paths].filter((path) => !path.includes('.') || !paths.has(path.split('.')[0]!)).sort();
}
