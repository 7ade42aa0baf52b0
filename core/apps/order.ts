import { PitwallError } from '../errors.js';

export interface AppNode {
  id: string;
  dependsOn: readonly string[];
  /** Apps started first when they are loaded, and never required. */
  uses?: readonly string[];
}

export interface AppOrder {
  /** Every app, dependencies before dependents; among independent apps, the order of APPS. */
  order: string[];
  /** Apps that cannot start: a missing dependency or a dependency cycle. */
  problems: Map<string, PitwallError>;
}

export function orderApps(apps: readonly AppNode[]): AppOrder {
  const byId = new Map(apps.map((app) => [app.id, app]));
  const problems = new Map<string, PitwallError>();
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  const visit = (id: string, path: string[]): void => {
    const seen = state.get(id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      const error = new PitwallError('PW_ERR_APP_CYCLE', { cycle });
      for (const member of cycle) if (!problems.has(member)) problems.set(member, error);
      return;
    }
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)!.dependsOn) {
      if (!byId.has(dependency)) {
        if (!problems.has(id)) problems.set(id, new PitwallError('PW_ERR_APP_DEPENDENCY', { id, dependency }));
        continue;
      }
      visit(dependency, [...path, id]);
    }
    for (const used of byId.get(id)!.uses ?? []) if (byId.has(used)) visit(used, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };

  for (const app of apps) visit(app.id, []);
  return { order, problems };
}
