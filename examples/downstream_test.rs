//! What a downstream crate's tests look like: a team that generates load-balancer requests in
//! Rust checks them with lblint before sending them.
//!
//! `cargo run --example downstream_test` runs the checks as a program and prints a report;
//! `cargo test --example downstream_test` runs the same checks as `#[test]`s.
//!
//! In a real crate, add `lblint = { version = "0.1", default-features = false }` to
//! `[dev-dependencies]` and put the tests under `tests/`.

use lblint::model::{
    AliyunServerGroup, MemberBuilder, PoolBuilder, PoolRequest, ServerGroupBuilder,
};
use lblint::{assert_rejects, assert_valid, assert_warns, Context};
use serde_json::json;

/// The code under test: the downstream crate's own request generator.
fn standby_pool_for(primary: &str, standby: &str, port: i64) -> PoolRequest {
    PoolBuilder::tcp()
        .name(format!("standby-{port}"))
        .listener_id("0b11747a-b139-492f-9692-2df0b1c87193")
        .master(primary, port)
        .slave(standby, port)
        .build()
}

/// Another generator: an Alibaba group pinned to one region.
fn aliyun_group(lb: &str, primary: &str, standby: &str) -> AliyunServerGroup {
    ServerGroupBuilder::new()
        .region_id("cn-shanghai")
        .load_balancer_id(lb)
        .master(primary, 443)
        .slave(standby, 443)
        .tag("team", "payments")
        .build()
}

fn generated_pools_are_accepted() {
    assert_valid!(standby_pool_for("10.0.0.5", "10.0.0.6", 80));
    assert_valid!(aliyun_group("lb-bp1example", "i-bp1a", "i-bp1b"));
}

fn the_generator_rejects_what_the_provider_rejects() {
    // The same server twice: the provider answers ELB.8902 on the second member.
    assert_rejects!(
        standby_pool_for("10.0.0.5", "10.0.0.5", 80),
        "ELB.8902",
        "elb/members-unique"
    );
    // A port out of range, reported at the member's port.
    assert_rejects!(
        standby_pool_for("10.0.0.5", "10.0.0.6", 0),
        "ELB.8902",
        "/pool/members/0/protocol_port"
    );
    // A wrong JSON type through the escape hatch: the health check has its own code.
    let mut pool = standby_pool_for("10.0.0.5", "10.0.0.6", 80);
    pool.set("/pool/healthmonitor/delay", json!("5"));
    assert_rejects!(pool, "ELB.7001", "/pool/healthmonitor/delay");
}

fn context_rules_need_the_context() {
    let ctx =
        Context::from_json(r#"{"subnets": {"c09f620e": "192.168.0.0/24"}}"#).expect("context");
    let member = MemberBuilder::new("192.168.1.10", 8080)
        .subnet_cidr_id("c09f620e")
        .build();
    // Without the subnet's CIDR the rule cannot run; with it, the address is outside.
    assert_valid!(member);
    assert_rejects!(member, context = ctx, "ELB.8902", "/member/address");
}

fn warnings_are_assertable_too() {
    assert_warns!(
        PoolBuilder::tcp().extra("persistance_timeout", 10).build(),
        "ELB.8902",
        "elb/unknown-field"
    );
}

fn main() {
    generated_pools_are_accepted();
    the_generator_rejects_what_the_provider_rejects();
    context_rules_need_the_context();
    warnings_are_assertable_too();
    println!("all downstream checks passed\n");

    // A report, printed the way `lblint check` prints it (without a file name).
    let broken = aliyun_group("lb-bp1example", "i-bp1a", "i-bp1a");
    let report = broken.validate(&Context::default());
    println!("an Alibaba group with the same server twice:");
    print!("{}", lblint::testing::render(&report, None));
    println!(
        "\nas the API receives it: {}",
        broken.servers_text().unwrap_or_default()
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_pools_are_accepted() {
        super::generated_pools_are_accepted();
    }

    #[test]
    fn the_generator_rejects_what_the_provider_rejects() {
        super::the_generator_rejects_what_the_provider_rejects();
    }

    #[test]
    fn context_rules_need_the_context() {
        super::context_rules_need_the_context();
    }

    #[test]
    fn warnings_are_assertable_too() {
        super::warnings_are_assertable_too();
    }
}
