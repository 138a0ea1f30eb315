// The console forms: one per operation, a field for every documented request parameter.
// Fields come from the API pages (seeds 001, 002 and 004); the rules come from the package, so a
// form only says what to ask for, never what is valid. An operation without a form here still
// gets a tab, with a JSON editor.
//
// Field kinds: text, number, select (options), bool (true/false/unset), group (an object),
// rows (an array of objects, with add/remove). `key` is the JSON key; pointers are derived.

const ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP', 'QUIC_CID'];
const HEALTH_TYPES = ['TCP', 'UDP_CONNECT', 'HTTP', 'HTTPS'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'OPTIONS', 'CONNECT', 'PATCH'];

export const FORMS = {
  'aliyun.slb.CreateMasterSlaveServerGroup': {
    title: 'Create primary/secondary server group',
    subtitle: 'Alibaba Cloud CLB · CreateMasterSlaveServerGroup (API 2014-05-15)',
    root: '',
    editions: ['2026-03-02', '2024-03-14', '2019'],
    // The API takes MasterSlaveBackendServers as JSON text; the rows are sent as that text.
    serialize(req) {
      if (Array.isArray(req.MasterSlaveBackendServers)) {
        req.MasterSlaveBackendServers = JSON.stringify(req.MasterSlaveBackendServers);
      }
      return req;
    },
    sections: [
      { title: 'Basic information', fields: [
        { key: 'RegionId', label: 'Region ID', kind: 'text', required: true, placeholder: 'cn-hangzhou', hint: 'The region of the CLB instance.' },
        { key: 'LoadBalancerId', label: 'CLB instance ID', kind: 'text', required: true, placeholder: 'lb-bp1hv944r69al4j******' },
        { key: 'MasterSlaveServerGroupName', label: 'Group name', kind: 'text', placeholder: 'Group1' },
      ] },
      { title: 'Backend servers', fields: [
        { key: 'MasterSlaveBackendServers', label: 'Servers', kind: 'rows', addLabel: 'Add server',
          hint: 'Exactly two: one Master (primary) and one Slave (secondary).',
          item: [
            { key: 'ServerId', label: 'Server ID', kind: 'text', required: true, placeholder: 'i-xxxxxxxxx' },
            { key: 'Type', label: 'Type', kind: 'select', options: ['ecs', 'eni', 'eci'] },
            { key: 'ServerIp', label: 'Server IP', kind: 'text', placeholder: 'ENI/ECI only' },
            { key: 'Port', label: 'Port', kind: 'number', required: true, placeholder: '1-65535' },
            { key: 'Weight', label: 'Weight', kind: 'number', placeholder: '0-100' },
            { key: 'ServerType', label: 'Role', kind: 'select', options: ['Master', 'Slave'] },
            { key: 'Description', label: 'Description', kind: 'text' },
          ] },
      ] },
      { title: 'Tags', fields: [
        { key: 'Tag', label: 'Tags', kind: 'rows', addLabel: 'Add tag', hint: 'Up to 20.', item: [
          { key: 'Key', label: 'Key', kind: 'text', required: true },
          { key: 'Value', label: 'Value', kind: 'text', keepEmpty: true },
        ] },
      ] },
    ],
    context: [
      { path: ['loadbalancer', 'edition'], label: 'CLB instance edition', kind: 'select', options: ['performance', 'shared'] },
      { path: ['listener', 'protocol'], label: 'Listener protocol', kind: 'select', options: ['TCP', 'UDP', 'HTTP', 'HTTPS'] },
    ],
    initial: {
      RegionId: 'cn-hangzhou',
      LoadBalancerId: 'lb-bp1hv944r69al4jabcde',
      MasterSlaveServerGroupName: 'Group1',
      MasterSlaveBackendServers: [
        { ServerId: 'i-bp1a', Type: 'ecs', Port: '80', Weight: '100', ServerType: 'Master', Description: 'web-a' },
        { ServerId: 'i-bp1b', Type: 'ecs', Port: '80', Weight: '100', ServerType: 'Slave', Description: 'web-b' },
      ],
      Tag: [{ Key: 'env', Value: 'prod' }],
    },
  },

  'huaweicloud.elb.v3.CreateMasterSlavePool': {
    title: 'Create active/standby backend server group',
    subtitle: 'Huawei Cloud ELB v3 · POST /v3/{project_id}/elb/master-slave-pools',
    root: 'pool',
    sections: [
      { title: 'Backend server group', fields: [
        { key: 'name', label: 'Name', kind: 'text' },
        { key: 'description', label: 'Description', kind: 'text' },
        { key: 'protocol', label: 'Protocol', kind: 'select', required: true, options: ['TCP', 'UDP', 'QUIC'] },
        { key: 'lb_algorithm', label: 'Load balancing algorithm', kind: 'select', required: true, options: ALGORITHMS },
        { key: 'type', label: 'Type', kind: 'select', required: true, options: ['ip', 'instance', ''], optionLabels: { '': '"" (any)' } },
        { key: 'ip_version', label: 'IP version', kind: 'select', options: ['v4', 'v6', 'dualstack'] },
        { key: 'listener_id', label: 'Listener ID', kind: 'text', hint: 'Specify one of listener_id, loadbalancer_id, or type.' },
        { key: 'loadbalancer_id', label: 'Load balancer ID', kind: 'text' },
        { key: 'vpc_id', label: 'VPC ID', kind: 'text', hint: 'Only with type instance.' },
        { key: 'project_id', label: 'Project ID', kind: 'text' },
        { key: 'any_port_enable', label: 'Forward to same port', kind: 'bool' },
      ] },
      { title: 'Sticky session', fields: [
        { key: 'session_persistence', label: 'Sticky session', kind: 'group', fields: [
          { key: 'type', label: 'Type', kind: 'select', options: ['SOURCE_IP', 'HTTP_COOKIE', 'APP_COOKIE'] },
          { key: 'cookie_name', label: 'Cookie name', kind: 'text' },
          { key: 'persistence_timeout', label: 'Timeout (minutes)', kind: 'number' },
        ] },
      ] },
      { title: 'Backend servers', fields: [
        { key: 'members', label: 'Members', kind: 'rows', addLabel: 'Add member', hint: 'Exactly two: one master and one slave.', item: [
          { key: 'address', label: 'Address', kind: 'text', required: true, placeholder: '10.0.0.5' },
          { key: 'protocol_port', label: 'Port', kind: 'number', placeholder: '1-65535' },
          { key: 'role', label: 'Role', kind: 'select', required: true, options: ['master', 'slave'] },
          { key: 'subnet_cidr_id', label: 'Subnet ID', kind: 'text' },
          { key: 'name', label: 'Name', kind: 'text' },
          { key: 'admin_state_up', label: 'Admin state up', kind: 'bool' },
        ] },
      ] },
      { title: 'Health check', fields: [
        { key: 'healthmonitor', label: 'Health check', kind: 'group', fields: [
          { key: 'type', label: 'Protocol', kind: 'select', required: true, options: HEALTH_TYPES },
          { key: 'delay', label: 'Interval (s)', kind: 'number', required: true, placeholder: '1-50' },
          { key: 'timeout', label: 'Timeout (s)', kind: 'number', required: true, placeholder: '1-50' },
          { key: 'max_retries', label: 'Healthy threshold', kind: 'number', required: true, placeholder: '1-10' },
          { key: 'max_retries_down', label: 'Unhealthy threshold', kind: 'number', placeholder: '1-10' },
          { key: 'monitor_port', label: 'Port', kind: 'number' },
          { key: 'name', label: 'Name', kind: 'text' },
          { key: 'domain_name', label: 'Domain name', kind: 'text' },
          { key: 'url_path', label: 'Path', kind: 'text', placeholder: '/' },
          { key: 'expected_codes', label: 'Expected codes', kind: 'text', placeholder: '200' },
          { key: 'http_method', label: 'HTTP method', kind: 'select', options: HTTP_METHODS },
        ] },
      ] },
    ],
    context: [
      { path: ['loadbalancer', 'kind'], label: 'Load balancer', kind: 'select', options: ['shared', 'dedicated'] },
      { path: ['loadbalancer', 'ip_target_enable'], label: 'IP as a backend', kind: 'bool' },
      { path: ['listener', 'protocol'], label: 'Listener protocol', kind: 'select', options: ['TCP', 'UDP', 'TLS', 'HTTP', 'HTTPS'] },
      { path: ['subnets'], label: 'Subnets', kind: 'map', keyLabel: 'subnet_cidr_id', valueLabel: 'CIDR' },
    ],
    initial: {
      name: 'My pool', lb_algorithm: 'LEAST_CONNECTIONS', listener_id: '0b11747a-b139-492f-9692-2df0b1c87193',
      protocol: 'TCP', type: 'ip',
      members: [
        { protocol_port: '89', name: 'My member', address: '120.10.10.16', role: 'master' },
        { protocol_port: '89', address: '110.4.10.16', role: 'slave' },
      ],
      healthmonitor: { name: 'My Healthmonitor', max_retries: '3', type: 'HTTP', timeout: '30', delay: '1' },
    },
  },

  'huaweicloud.elb.v3.CreateMember': {
    title: 'Add backend server',
    subtitle: 'Huawei Cloud ELB v3 · POST /v3/{project_id}/elb/pools/{pool_id}/members',
    root: 'member',
    sections: [
      { title: 'Backend server', fields: [
        { key: 'address', label: 'Address', kind: 'text', required: true, placeholder: '10.0.0.5' },
        { key: 'protocol_port', label: 'Port', kind: 'number', placeholder: '1-65535' },
        { key: 'subnet_cidr_id', label: 'Subnet ID', kind: 'text' },
        { key: 'weight', label: 'Weight', kind: 'number', placeholder: '0-100' },
        { key: 'name', label: 'Name', kind: 'text' },
        { key: 'admin_state_up', label: 'Admin state up', kind: 'bool' },
        { key: 'project_id', label: 'Project ID', kind: 'text' },
      ] },
    ],
    context: [
      { path: ['loadbalancer', 'kind'], label: 'Load balancer', kind: 'select', options: ['shared', 'dedicated'] },
      { path: ['loadbalancer', 'ip_target_enable'], label: 'IP as a backend', kind: 'bool' },
      { path: ['pool', 'protocol'], label: 'Pool protocol', kind: 'select', options: ['TCP', 'UDP', 'QUIC', 'HTTP', 'HTTPS'] },
      { path: ['pool', 'type'], label: 'Pool type', kind: 'select', options: ['ip', 'instance'] },
      { path: ['pool', 'ip_version'], label: 'Pool IP version', kind: 'select', options: ['v4', 'v6', 'dualstack'] },
      { path: ['pool', 'lb_algorithm'], label: 'Pool algorithm', kind: 'select', options: ALGORITHMS },
      { path: ['pool', 'any_port_enable'], label: 'Pool forwards to same port', kind: 'bool' },
      { path: ['subnets'], label: 'Subnets', kind: 'map', keyLabel: 'subnet_cidr_id', valueLabel: 'CIDR' },
    ],
    initial: {
      subnet_cidr_id: 'c09f620e-3492-4429-ac15-445d5dd9ca74', protocol_port: '89', name: 'My member', address: '120.10.10.16',
    },
  },
};
