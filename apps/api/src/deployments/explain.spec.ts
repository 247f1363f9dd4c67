import { humaniseReason, Names, targetLabel } from './explain';

const TENANT = '0193a1b2-0000-7000-8000-000000000001';
const COMPUTER = '0193a1b2-0000-7000-8000-000000000002';
const DEPLOYMENT = '0193a1b2-0000-7000-8000-000000000003';
const LINK = '0193a1b2-0000-7000-8000-000000000004';

const names: Names = {
  tenants: new Map([[TENANT, 'Acme Ltd']]),
  computers: new Map([[COMPUTER, 'ACME-PC1']]),
  integrations: new Map([[LINK, 'Main Halo']]),
  items: new Map([[`${LINK}:77`, 'SentinelOne Core']]),
  deployments: new Map([[DEPLOYMENT, 'Install SentinelOne (latest) for all computers']]),
};

describe(humaniseReason.name, () => {
  it.each([
    [`deployment ${DEPLOYMENT} targets tenant ${TENANT} (Acme Ltd)`, 'the deployment targets tenant Acme Ltd'],
    [`deployment ${DEPLOYMENT} targets computer ${COMPUTER} itself, workstation only`, 'the deployment targets computer ACME-PC1 itself, workstation only'],
    [`deployment ${DEPLOYMENT} targets all computers`, 'the deployment targets all computers'],
    ['Halo client Acme Ltd (12) has contract MSC-24 (Managed Security) in force', 'Halo client Acme Ltd (12) has contract MSC-24 (Managed Security) in force'],
    [`shadowed by deployment ${DEPLOYMENT}`, 'shadowed by deployment "Install SentinelOne (latest) for all computers"'],
  ])('should put names in place of ids when the reason is %s', (text, expected) => {
    expect(humaniseReason(text, names)).toBe(expected);
  });
});

describe(targetLabel.name, () => {
  it.each([
    [{ kind: 'all' } as const, 'all computers'],
    [{ kind: 'tenant', tenantId: TENANT } as const, 'tenant Acme Ltd'],
    [{ kind: 'computer', computerId: COMPUTER } as const, 'computer ACME-PC1'],
    [{ kind: 'contractType', integrationId: LINK, contractTypes: ['Managed Security'] } as const, 'Halo contract type "Managed Security" on Main Halo'],
    [{ kind: 'recurringItem', integrationId: LINK, itemIds: [77, 99] } as const, 'Halo recurring items SentinelOne Core (77), item 99 on Main Halo'],
  ])('should describe %j in words', (target, expected) => {
    expect(targetLabel(target, names)).toBe(expected);
  });
});
