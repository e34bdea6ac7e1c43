import type { ParsedUrlQuery } from 'node:querystring';
import { selectsAttribute, type AttributeSelection } from '../render/project.js';
import { groupSchemas, userSchemas } from '../schema/find-attribute.js';
import { parseListParams } from '../scim/list-params.js';

/** attributes / excludedAttributes of a single-resource request (GET by id and writes). */
export function selection(query: ParsedUrlQuery): AttributeSelection {
  const p = parseListParams({ attributes: query.attributes, excludedAttributes: query.excludedAttributes }, { defaultCount: 0, maxCount: 0 });
  return { attributes: p.attributes, excludedAttributes: p.excludedAttributes };
}

/** Whether the response shows a user's groups: reading them is a query we skip otherwise. */
export const selectsGroups = (sel: AttributeSelection): boolean => selectsAttribute(userSchemas, sel, 'groups');

/** Whether the response shows a group's members: a large group is only read when it must be. */
export const selectsMembers = (sel: AttributeSelection): boolean => selectsAttribute(groupSchemas, sel, 'members');
