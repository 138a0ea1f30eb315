//! The requests every benchmark measures (benches/requests/), shared by the benchmark targets.

use lblint::Operation;

/// Each operation's typical valid and invalid request: (name, operation, text).
pub const CASES: &[(&str, Operation, &str)] = &[
    (
        "aliyun-valid",
        Operation::AliyunCreateMasterSlaveServerGroup,
        include_str!("../requests/aliyun-valid.json"),
    ),
    (
        "aliyun-invalid",
        Operation::AliyunCreateMasterSlaveServerGroup,
        include_str!("../requests/aliyun-invalid.json"),
    ),
    (
        "pool-valid",
        Operation::HuaweiCreateMasterSlavePool,
        include_str!("../requests/pool-valid.json"),
    ),
    (
        "pool-invalid",
        Operation::HuaweiCreateMasterSlavePool,
        include_str!("../requests/pool-invalid.json"),
    ),
    (
        "member-valid",
        Operation::HuaweiCreateMember,
        include_str!("../requests/member-valid.json"),
    ),
    (
        "member-invalid",
        Operation::HuaweiCreateMember,
        include_str!("../requests/member-invalid.json"),
    ),
];
