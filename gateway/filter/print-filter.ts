// FilterNode → canonical filter text: lower-case operators, JSON values, only the parentheses
// the tree needs. parseFilter(printFilter(node)) gives `node` back.

import type { AttrPath, FilterNode } from './ast.js';

export function printAttrPath(path: AttrPath): string {
  const schema = path.schema === undefined ? '' : `${path.schema}:`;
  const sub = path.subAttribute === undefined ? '' : `.${path.subAttribute}`;
  return `${schema}${path.attribute}${sub}`;
}

export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'Compare':
      return `${printAttrPath(node.path)} ${node.op} ${JSON.stringify(node.value)}`;
    case 'Present':
      return `${printAttrPath(node.path)} pr`;
    case 'Not':
      return `not (${printFilter(node.filter)})`;
    case 'ValuePath':
      return `${printAttrPath(node.path)}[${printFilter(node.filter)}]`;
    // Both operators associate to the left, so a right operand of the same kind, or a
    // looser one, needs parentheses to keep its shape.
    case 'And':
      return `${group(node.left, node.left.kind === 'Or')} and ${group(node.right, node.right.kind === 'Or' || node.right.kind === 'And')}`;
    case 'Or':
      return `${printFilter(node.left)} or ${group(node.right, node.right.kind === 'Or')}`;
  }
}

const group = (node: FilterNode, parenthesise: boolean) =>
  parenthesise ? `(${printFilter(node)})` : printFilter(node);
