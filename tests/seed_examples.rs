//! The seed pages' own example requests, as the pages print them.

use lblint::{validate_json, Edition, Operation, Options};

const ALIYUN: Operation = Operation::AliyunCreateMasterSlaveServerGroup;

fn aliyun_request(servers: &str) -> String {
    serde_json::json!({
        "RegionId": "cn-hangzhou",
        "LoadBalancerId": "lb-bp1hv944r69al4j******",
        "MasterSlaveServerGroupName": "Group1",
        "MasterSlaveBackendServers": servers,
    })
    .to_string()
}

fn errors(text: &str, edition: Edition) -> Vec<String> {
    let opts = Options {
        edition,
        ..Options::default()
    };
    validate_json(Some(ALIYUN), text, &opts)
        .unwrap()
        .errors()
        .map(|d| d.to_string())
        .collect()
}

const ECS_000_001: &str = r#"[{ "ServerId": "i-xxxxxxxxx", "Weight": "100", "Type": "ecs", "Port":"82","ServerType":"Master","Description":"test-112" }, { "ServerId": "i-xxxxxxxxx", "Weight": "100", "Type": "ecs", "Port":"84","ServerType":"Slave","Description":"test-112" }]"#;
const ENI_000: &str = r#"[{ "ServerId": "eni-xxxxxxxxx", "Weight": "100", "Type": "eni", "Port":"80","ServerType":"Master","Description":"test-112" }, { "ServerId": "eni-xxxxxxxxx", "Weight": "100", "Type": "eni", "ServerIp": "192.168.**.**", "Port":"80","ServerType":"Slave","Description":"test-112" }]"#;
const ENI_IPS_000: &str = r#"[{ "ServerId": "eni-xxxxxxxxx", "Weight": "100", "Type": "eni","ServerIp": "192.168.**.**", "Port":"80","ServerType":"Master","Description":"test-112" }, { "ServerId": "eni-xxxxxxxxx", "Weight": "100", "Type": "eni","ServerIp": "192.168.**.**", "Port":"80","ServerType":"Slave","Description":"test-112" }]"#;
const EXAMPLE_003: &str = "[{'ServerId':'vm-233','Port':'80','Weight':'100','ServerType':'Master'},{'ServerId':'vm-232','Port':'90','Weight':'100''ServerType':'Slave'}]";

#[test]
fn seed_000_and_001_ecs_example_is_valid_in_every_edition() {
    for e in Edition::ALL {
        assert!(errors(&aliyun_request(ECS_000_001), e).is_empty(), "{e}");
    }
}

#[test]
fn seed_000_eni_examples_are_valid() {
    for servers in [ENI_000, ENI_IPS_000] {
        for e in [Edition::V2026, Edition::V2024] {
            assert!(
                errors(&aliyun_request(servers), e).is_empty(),
                "{e}: {servers}"
            );
        }
    }
}

#[test]
fn seed_000_eni_examples_warn_about_placeholders_and_the_instance_edition() {
    let r = validate_json(
        Some(ALIYUN),
        &aliyun_request(ENI_IPS_000),
        &Options::default(),
    )
    .unwrap();
    assert!(r.has_rule("aliyun/server-ip-placeholder"));
    assert!(r.has_rule("aliyun/eni-eci-instance-unknown"));
}

#[test]
fn seed_001_example_with_tags_is_valid() {
    let text = serde_json::json!({
        "RegionId": "cn-hangzhou",
        "LoadBalancerId": "lb-bp1hv944r69al4j******",
        "MasterSlaveServerGroupName": "Group1",
        "MasterSlaveBackendServers": ECS_000_001,
        "Tag": [{"Key": "test", "Value": "1"}],
    })
    .to_string();
    assert!(errors(&text, Edition::V2026).is_empty());
}

#[test]
fn seed_003_example_has_a_missing_comma_and_is_invalid_parameter() {
    // provider-facts §2: "a syntax error (such as the missing comma in 003's example) is
    // InvalidParameter" — the one seed example that does not validate, by design.
    let text = serde_json::json!({
        "Action": "CreateMasterSlaveServerGroup",
        "LoadBalancerId": "lb-bp1hv944r69al4j9jkmvx",
        "MasterSlaveBackendServers": EXAMPLE_003,
        "RegionId": "cn-hangzhou",
    })
    .to_string();
    let errs = errors(&text, Edition::V2019);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("InvalidParameter") && errs[0].contains("aliyun/servers-syntax"));
    // With the comma restored, the 2019 example is valid.
    let fixed = text.replace("'100''ServerType'", "'100','ServerType'");
    assert!(errors(&fixed, Edition::V2019).is_empty());
}

#[test]
fn the_bundled_example_requests_behave_as_their_names_say() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/requests");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains("context") || path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let report = validate_json(None, &text, &Options::default()).unwrap();
        let broken =
            name.contains("two-masters") || name.contains("broken") || name.contains("bad");
        assert_eq!(report.is_valid(), !broken, "{name}: {report}");
    }
}
