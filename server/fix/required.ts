import type { MsgView } from 'jspurefix';
import {
  ContainedFieldType,
  type ContainedComponentField,
  type ContainedField,
  type IContainedSet,
  type ContainedGroupField,
  type ContainedSimpleField,
} from 'jspurefix/dist/dictionary/contained';

/**
 * jspurefix's `MsgView.missing()` — the required fields a received message lacks, which
 * its session's integrity check rejects a message for — answered from a plan made once per
 * dictionary definition.
 *
 * jspurefix walks the whole definition for every message, through a closure per field:
 * for a NewOrderSingle in the FIX 4.4 dictionary, 78 fields and 14 components, and every
 * field of each component present (Instrument alone has dozens), to find a dozen required
 * tags. That walk was the largest part of the desk's cost of reading an order. The plan
 * keeps only what can make a field missing — required simple fields, components and
 * groups — in the definition's order, and visits them as jspurefix does: the same tags in
 * the same order (required.test.ts checks it against `view.missing()` on parsed messages).
 */
type Step =
  | { kind: 'simple'; tag: number }
  | { kind: 'component'; name: string; set: IContainedSet }
  | { kind: 'group'; names: readonly [string, string]; set: IContainedSet };

const plans = new WeakMap<IContainedSet, Step[]>();

function planOf(set: IContainedSet): Step[] {
  let plan = plans.get(set);
  if (plan) return plan;
  plan = [];
  for (const f of set.fields as ContainedField[]) {
    switch (f.type) {
      case ContainedFieldType.Simple:
        if (f.required) plan.push({ kind: 'simple', tag: (f as ContainedSimpleField).definition.tag });
        break;
      case ContainedFieldType.Component:
        plan.push({ kind: 'component', name: f.name, set: (f as ContainedComponentField).definition });
        break;
      case ContainedFieldType.Group: {
        const g = (f as ContainedGroupField).definition;
        // As jspurefix looks a group up: by its NoXxx field's name (else the enclosing set's), then by its own.
        plan.push({ kind: 'group', names: [g.noOfField ? g.noOfField.name : set.name, g.name], set: g });
        break;
      }
    }
  }
  plans.set(set, plan);
  return plan;
}

/** What `view.missing()` returns, in the same order. */
export function missingRequired(view: MsgView): number[] {
  const set = view.segment?.set;
  return set ? missingIn(view, set, []) : [];
}

function missingIn(view: MsgView, set: IContainedSet, out: number[]): number[] {
  // Every component and group the parser found in the message, by name: most of a definition's
  // (a NewOrderSingle has 15 components, most with more inside) are not there, and asking the
  // view for each one's view costs as much as the rest of the check.
  const found = view.structure?.layout;
  for (const step of planOf(set)) {
    if (step.kind === 'simple') {
      if (!view.contains(step.tag)) out.push(step.tag);
    } else if (step.kind === 'component') {
      if (found && !(step.name in found)) continue;
      const inner = view.getView(step.name);
      if (inner) missingIn(inner, step.set, out);
    } else {
      if (found && !(step.names[0] in found) && !(step.names[1] in found)) continue;
      const group = view.getView(step.names[0]) ?? view.getView(step.names[1]);
      if (!group) continue;
      const count = group.groupCount();
      for (let i = 0; i < count; i++) {
        const instance = group.getGroupInstance(i);
        if (instance) missingIn(instance, step.set, out);
      }
    }
  }
  return out;
}
