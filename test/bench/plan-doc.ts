/** The benchmarks' generated ProvisioningPlan: account requests of every value form, a secret in every sixth. */
function attributeRequest(i: number): string {
  switch (i % 6) {
    case 0:
      return `    <AttributeRequest name="extensionAttribute${i}" op="Set" value="Value ${i} for O&apos;Brien – dept ${i % 97}"/>\n`;
    case 1:
      return `    <AttributeRequest name="memberOf${i}" op="Add">\n      <Value>\n        <List>\n          <String>CN=GG-Group-${i},OU=Groups,DC=corp,DC=example,DC=org</String>\n          <String>CN=GG-Other-${i},OU=Groups,DC=corp,DC=example,DC=org</String>\n        </List>\n      </Value>\n    </AttributeRequest>\n`;
    case 2:
      return `    <AttributeRequest name="flag${i}" op="Set">\n      <Value>\n        <Boolean>${i % 4 === 0 ? 'true' : ''}</Boolean>\n      </Value>\n    </AttributeRequest>\n`;
    case 3:
      return `    <AttributeRequest name="count${i}" op="Set">\n      <Value>\n        <Integer>${i}</Integer>\n      </Value>\n    </AttributeRequest>\n`;
    case 4:
      return `    <AttributeRequest name="cleared${i}" op="Set"/>\n`;
    default:
      return `    <AttributeRequest name="*password*${i}" op="Set" value="2:q0Zk3pR9xW1vTnL8sY4b${String(i).padStart(6, '0')}==">\n      <Attributes>\n        <Map>\n          <entry key="secret" value="true"/>\n        </Map>\n      </Attributes>\n    </AttributeRequest>\n`;
  }
}

function accountRequest(n: number, k: number): string {
  const parts = [
    `  <AccountRequest application="AD - corp.example.org" nativeIdentity="CN=User ${k},OU=Joiners,DC=corp,DC=example,DC=org" op="Create">\n`,
    `    <Attributes>\n      <Map>\n        <entry key="flow" value="Joiner"/>\n        <entry key="interface" value="LCM"/>\n        <entry key="noLocking"><value><Boolean>true</Boolean></value></entry>\n      </Map>\n    </Attributes>\n`,
    `    <AttributeRequest name="ObjectType" op="Set" value="User"/>\n    <AttributeRequest name="sAMAccountName" op="Set" value="user${k}"/>\n`,
  ];
  for (let i = 0; i < n; i++) parts.push(attributeRequest(i));
  parts.push('  </AccountRequest>\n');
  return parts.join('');
}

export function plan(requests: number, perRequest: number): string {
  const parts = [
    `<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE ProvisioningPlan PUBLIC "sailpoint.dtd" "sailpoint.dtd">\n<ProvisioningPlan nativeIdentity="Ana.OBrien" trackingId="6f0d3c2b">\n`,
  ];
  for (let k = 0; k < requests; k++) parts.push(accountRequest(perRequest, k));
  parts.push(`  <Attributes>\n    <Map>\n      <entry key="source" value="LCM"/>\n    </Map>\n  </Attributes>\n</ProvisioningPlan>\n`);
  return parts.join('');
}

