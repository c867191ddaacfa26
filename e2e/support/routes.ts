import { readFileSync } from 'node:fs';
import ts from 'typescript';

// The staff console's route table, read from the app's own router (apps/web/src/app/router.tsx) so the
// all-routes browser test cannot go stale: every route there, with the permission its <RequirePermission>
// asks for (null: any signed-in member of staff), and the top-level public routes.

const ROOT = new URL('../../', import.meta.url).pathname;

export interface AppRoute {
  /** Full path, e.g. `/console/matters/:id`. */
  path: string;
  /** The permission the route's <RequirePermission> asks for; null when none. */
  permission: string | null;
  /** Under /console (behind RequireAuth). */
  staff: boolean;
}

function stringProp(obj: ts.ObjectLiteralExpression, name: string): string | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name && ts.isStringLiteral(p.initializer)) return p.initializer.text;
  }
  return undefined;
}

function prop(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
  return undefined;
}

function permissionIn(node: ts.Node | undefined): string | null {
  let found: string | null = null;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isJsxAttribute(n) && n.name.getText() === 'permission' && n.initializer && ts.isStringLiteral(n.initializer)) {
      found = n.initializer.text;
      return;
    }
    ts.forEachChild(n, visit);
  };
  if (node) visit(node);
  return found;
}

function join(parent: string, child: string): string {
  if (child.startsWith('/')) return child;
  return `${parent.replace(/\/$/, '')}/${child}`;
}

export function appRoutes(): AppRoute[] {
  const file = `${ROOT}apps/web/src/app/router.tsx`;
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  let table: ts.ArrayLiteralExpression | undefined;
  const find = (n: ts.Node) => {
    if (ts.isCallExpression(n) && n.expression.getText() === 'createBrowserRouter' && n.arguments[0] && ts.isArrayLiteralExpression(n.arguments[0])) {
      table = n.arguments[0];
      return;
    }
    ts.forEachChild(n, find);
  };
  find(sf);
  if (!table) throw new Error('createBrowserRouter([...]) not found in router.tsx');
  const out: AppRoute[] = [];
  const walk = (arr: ts.ArrayLiteralExpression, parent: string, parentPermission: string | null) => {
    for (const el of arr.elements) {
      if (!ts.isObjectLiteralExpression(el)) throw new Error(`router.tsx: a route that is not an object literal: ${el.getText().slice(0, 80)}`);
      const isIndex = prop(el, 'index')?.getText() === 'true';
      const p = stringProp(el, 'path');
      if (p === undefined && !isIndex) throw new Error(`router.tsx: a route without a literal path: ${el.getText().slice(0, 80)}`);
      const full = isIndex ? parent : join(parent, p!);
      const children = prop(el, 'children');
      const element = prop(el, 'element');
      const redirect = element?.getText().startsWith('<Navigate') ?? false;
      const permission = (children ? null : permissionIn(element)) ?? parentPermission;
      if (children && ts.isArrayLiteralExpression(children)) walk(children, full, permission);
      else if (!full.endsWith('*') && !redirect) out.push({ path: full, permission, staff: full.startsWith('/console') && full !== '/console/login' });
    }
  };
  walk(table, '', null);
  return out;
}

/** The main navigation's paths (apps/web/src/app/navigation.tsx). */
export function navPaths(): string[] {
  const src = readFileSync(`${ROOT}apps/web/src/app/navigation.tsx`, 'utf8');
  return [...src.matchAll(/\{\s*path:\s*'([^']+)'/g)].map((m) => m[1]!);
}
