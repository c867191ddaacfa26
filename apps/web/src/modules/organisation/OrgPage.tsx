import { useEffect, useMemo, useState, type Key } from 'react';
import { Alert, Button, Card, Col, Empty, Input, Row, Skeleton, Tag, Tree, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '@bangban/shared';
import { usePageTitle } from '../../app/usePageTitle.ts';
import { buildOrgTree, filterOrgTree, type OrgNode } from './orgTree.ts';
import { OrgUnitDetail } from './OrgUnitDetail.tsx';
import { OrgUnitFormModal, type OrgFormTarget } from './OrgUnitFormModal.tsx';
import { useOrgUnits } from './useOrgUnits.ts';

interface TreeItem {
  key: string;
  title: React.ReactNode;
  children: TreeItem[];
}

const KIND_COLORS = { district: 'blue', department: 'geekblue', service_center: 'cyan', agent_group: 'green' } as const;

export function OrgPage() {
  const { t } = useTranslation();
  usePageTitle(t('org.title'));
  const org = useOrgUnits();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('unit');
  const [filter, setFilter] = useState('');
  const [formTarget, setFormTarget] = useState<OrgFormTarget | null>(null);
  const [expanded, setExpanded] = useState<Key[] | null>(null);

  const items = org.data?.items;
  const tree = useMemo(() => buildOrgTree(items ?? []), [items]);
  const visible = useMemo(() => filterOrgTree(tree, filter), [tree, filter]);
  const selected = items?.find((u) => u.id === selectedId) ?? null;

  // Start with the district and the path to the selected unit open; hundreds of departments stay folded.
  const defaultExpanded = useMemo(() => {
    const keys = new Set(tree.map((n) => n.unit.id));
    const byId = new Map((items ?? []).map((u) => [u.id, u]));
    let cur = selectedId ? byId.get(selectedId) : undefined;
    while (cur?.parentId) {
      keys.add(cur.parentId);
      cur = byId.get(cur.parentId);
    }
    return [...keys];
  }, [tree, items, selectedId]);
  useEffect(() => {
    if (filter) setExpanded(null);
  }, [filter]);

  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('unit', id);
    else next.delete('unit');
    setParams(next, { replace: true });
    // On narrow screens the details sit below the tree: bring them into view.
    if (id && window.matchMedia('(max-width: 991px)').matches) {
      setTimeout(() => document.getElementById('org-detail')?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
    }
  };

  const treeData = useMemo(() => {
    const convert = (nodes: OrgNode[]): TreeItem[] =>
      nodes.map((n) => ({
        key: n.unit.id,
        title: (
          <span className="bb-org-node">
            <span>{n.unit.name}</span>
            <Tag color={KIND_COLORS[n.unit.kind]} style={{ marginInlineEnd: 0 }}>
              {t(`orgKind.${n.unit.kind}`)}
            </Tag>
            {n.unit.tags.map((tag) => (
              <Tag key={tag} style={{ marginInlineEnd: 0 }}>
                {t(`orgTag.${tag}`)}
              </Tag>
            ))}
          </span>
        ),
        children: convert(n.children),
      }));
    return convert(visible);
  }, [visible, t]);

  const closeForm = (saved?: OrgUnit) => {
    setFormTarget(null);
    if (saved) {
      setFilter('');
      select(saved.id);
    }
  };

  return (
    <div className="bb-page">
      <div className="bb-page-header">
        <Typography.Title level={1} className="bb-page-title">
          {t('org.title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">{t('org.intro')}</Typography.Paragraph>
      {org.isError && <Alert type="error" showIcon role="alert" title={org.error.message} />}
      {org.isPending && <Skeleton active />}
      {org.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={11} xl={10}>
            <Card>
              <div className="bb-field" style={{ marginBottom: 12 }}>
                <label htmlFor="org-filter">{t('org.searchLabel')}</label>
                <Input
                  id="org-filter"
                  allowClear
                  placeholder={t('org.searchPlaceholder')}
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                />
              </div>
              {treeData.length === 0 ? (
                <Empty description={t('org.empty')} />
              ) : (
                <div className="bb-org-tree">
                <Tree
                  aria-label={t('org.treeLabel')}
                  treeData={treeData}
                  blockNode
                  showLine
                  selectedKeys={selectedId ? [selectedId] : []}
                  expandedKeys={filter ? visible.length ? collectKeys(visible) : [] : (expanded ?? defaultExpanded)}
                  onExpand={(keys) => setExpanded(keys)}
                  onSelect={(keys) => select(keys[0] ? String(keys[0]) : null)}
                />
                </div>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={13} xl={14}>
            <Card className="bb-sticky" id="org-detail">
              {selected ? (
                <OrgUnitDetail
                  unit={selected}
                  list={org.data}
                  onAddChild={(parent) => setFormTarget({ mode: 'create', parent })}
                  onEdit={(unit) => setFormTarget({ mode: 'edit', unit })}
                  onDeleted={() => select(selected.parentId)}
                />
              ) : (
                <Empty description={t('org.selectHint')}>
                  {org.data.can.create && tree[0] && (
                    <Button type="primary" onClick={() => tree[0] && setFormTarget({ mode: 'create', parent: tree[0].unit })}>
                      {t('org.createUnit')}
                    </Button>
                  )}
                </Empty>
              )}
            </Card>
          </Col>
        </Row>
      )}
      {formTarget && org.data && <OrgUnitFormModal target={formTarget} units={org.data.items} onClose={closeForm} />}
    </div>
  );
}

function collectKeys(nodes: OrgNode[]): string[] {
  return nodes.flatMap((n) => [n.unit.id, ...collectKeys(n.children)]);
}
