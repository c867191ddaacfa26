import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import type { OrgKind, OrgUnit } from '@bangban/shared';
import { buildOrgTree, type OrgNode } from './orgTree.ts';

interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: TreeOption[];
}

interface Props {
  id?: string;
  units: OrgUnit[];
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Only units of these kinds can be picked (others are shown for context). */
  selectableKinds?: OrgKind[];
  /** Units that cannot be picked (e.g. a unit and its descendants when moving it). */
  excludeIds?: Set<string>;
  loading?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** Picks an organisation unit from the tree; searchable by name. */
export function OrgUnitTreeSelect({ units, selectableKinds, excludeIds, value, onChange, ...rest }: Props) {
  const treeData = useMemo(() => {
    const convert = (nodes: OrgNode[]): TreeOption[] =>
      nodes.map((n) => ({
        value: n.unit.id,
        title: n.unit.name,
        disabled: (selectableKinds && !selectableKinds.includes(n.unit.kind)) || excludeIds?.has(n.unit.id),
        children: convert(n.children),
      }));
    return convert(buildOrgTree(units));
  }, [units, selectableKinds, excludeIds]);

  return (
    <TreeSelect<string>
      {...rest}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
      treeData={treeData}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ minWidth: 200, ...rest.style }}
    />
  );
}
