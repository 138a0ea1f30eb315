//! The fields the Huawei rules read by name. Each is a member of a parent field (or of the
//! request), so a request's fields are found once each, by one lookup in an object already
//! found: [`crate::engine::Cx::get`] keeps them in a table indexed by the field.
//!
//! Before this table, rules named fields by pointer text and a memo keyed by the text's
//! address remembered the answers. The first lookup of each pointer walked it from a chosen
//! ancestor: about 220 instructions, thirty times in a valid pool request, a fifth of its
//! instructions (callgrind). Naming a field here also makes a misspelt one a compile error.

/// Declares the fields below the request: each with its pointer, its parent and its key there.
macro_rules! fields {
    ($($(#[doc = $doc:literal])* $name:ident = $ptr:literal in $parent:ident[$key:literal];)*) => {
        /// A field of a Huawei request that rules read by name (see the [module](self)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Field {
            /// The request body itself.
            Request,
            $($(#[doc = $doc])* $name,)*
        }

        impl Field {
            /// Every field, in table order.
            pub const ALL: &'static [Field] = &[Field::Request, $(Field::$name,)*];

            /// The field's JSON Pointer.
            pub const fn ptr(self) -> &'static str {
                match self {
                    Field::Request => "",
                    $(Field::$name => $ptr,)*
                }
            }

            /// The object the field is a member of, and its key there (`None` for the request
            /// itself).
            pub(crate) const fn parent(self) -> Option<(Field, &'static str)> {
                match self {
                    Field::Request => None,
                    $(Field::$name => Some((Field::$parent, $key)),)*
                }
            }
        }
    };
}

fields! {
    /// `pool` (CreateMasterSlavePool).
    Pool = "/pool" in Request["pool"];
    /// `member` (CreateMember).
    Member = "/member" in Request["member"];
    /// `member.weight`.
    MemberWeight = "/member/weight" in Member["weight"];
    /// `pool.protocol`.
    Protocol = "/pool/protocol" in Pool["protocol"];
    /// `pool.type`.
    Type = "/pool/type" in Pool["type"];
    /// `pool.ip_version`.
    IpVersion = "/pool/ip_version" in Pool["ip_version"];
    /// `pool.lb_algorithm`.
    LbAlgorithm = "/pool/lb_algorithm" in Pool["lb_algorithm"];
    /// `pool.listener_id`.
    ListenerId = "/pool/listener_id" in Pool["listener_id"];
    /// `pool.loadbalancer_id`.
    LoadbalancerId = "/pool/loadbalancer_id" in Pool["loadbalancer_id"];
    /// `pool.vpc_id`.
    VpcId = "/pool/vpc_id" in Pool["vpc_id"];
    /// `pool.any_port_enable`.
    AnyPortEnable = "/pool/any_port_enable" in Pool["any_port_enable"];
    /// `pool.members`.
    Members = "/pool/members" in Pool["members"];
    /// `pool.healthmonitor`.
    Healthmonitor = "/pool/healthmonitor" in Pool["healthmonitor"];
    /// `pool.healthmonitor.type`.
    HmType = "/pool/healthmonitor/type" in Healthmonitor["type"];
    /// `pool.healthmonitor.delay`.
    HmDelay = "/pool/healthmonitor/delay" in Healthmonitor["delay"];
    /// `pool.healthmonitor.timeout`.
    HmTimeout = "/pool/healthmonitor/timeout" in Healthmonitor["timeout"];
    /// `pool.healthmonitor.admin_state_up`.
    HmAdminStateUp = "/pool/healthmonitor/admin_state_up" in Healthmonitor["admin_state_up"];
    /// `pool.healthmonitor.http_method`.
    HmHttpMethod = "/pool/healthmonitor/http_method" in Healthmonitor["http_method"];
    /// `pool.healthmonitor.domain_name`.
    HmDomainName = "/pool/healthmonitor/domain_name" in Healthmonitor["domain_name"];
    /// `pool.healthmonitor.url_path`.
    HmUrlPath = "/pool/healthmonitor/url_path" in Healthmonitor["url_path"];
    /// `pool.healthmonitor.expected_codes`.
    HmExpectedCodes = "/pool/healthmonitor/expected_codes" in Healthmonitor["expected_codes"];
    /// `pool.session_persistence`.
    Session = "/pool/session_persistence" in Pool["session_persistence"];
    /// `pool.session_persistence.type`.
    SessionType = "/pool/session_persistence/type" in Session["type"];
    /// `pool.session_persistence.cookie_name`.
    CookieName = "/pool/session_persistence/cookie_name" in Session["cookie_name"];
    /// `pool.session_persistence.persistence_timeout`.
    PersistenceTimeout = "/pool/session_persistence/persistence_timeout" in Session["persistence_timeout"];
    /// `pool.connection_drain`.
    ConnectionDrain = "/pool/connection_drain" in Pool["connection_drain"];
    /// `pool.connection_drain.enable`.
    DrainEnable = "/pool/connection_drain/enable" in ConnectionDrain["enable"];
    /// `pool.connection_drain.timeout`.
    DrainTimeout = "/pool/connection_drain/timeout" in ConnectionDrain["timeout"];
    /// `pool.quic_cid_hash_strategy`.
    QuicCidHashStrategy = "/pool/quic_cid_hash_strategy" in Pool["quic_cid_hash_strategy"];
}

impl Field {
    /// Whether the field is `root` or lies below it.
    pub(crate) const fn is_within(self, root: Field) -> bool {
        let mut f = self;
        loop {
            if f as usize == root as usize {
                return true;
            }
            match f.parent() {
                Some((parent, _)) => f = parent,
                None => return false,
            }
        }
    }
}

/// The number of fields (the size of a request's table of them).
pub(crate) const COUNT: usize = Field::ALL.len();

// The table's "found" marks are the bits of one word.
const _: () = assert!(COUNT <= 64);

/// A request's fields, each found at its first use: values, and a bit per field for "found".
#[derive(Debug)]
pub(crate) struct Table<'a> {
    found: std::cell::Cell<u64>,
    values: [std::cell::Cell<Option<&'a crate::value::Value<'a>>>; COUNT],
}

impl Default for Table<'_> {
    fn default() -> Self {
        Table {
            found: std::cell::Cell::new(0),
            values: [const { std::cell::Cell::new(None) }; COUNT],
        }
    }
}

impl<'a> Table<'a> {
    /// The value of a field in `req` (`null` included), found once per request: a field is
    /// looked up as a key of its parent's object, itself found through the table.
    pub(crate) fn get(
        &self,
        req: &'a crate::value::Value<'a>,
        f: Field,
    ) -> Option<&'a crate::value::Value<'a>> {
        let bit = 1u64 << (f as usize);
        if self.found.get() & bit != 0 {
            return self.values[f as usize].get();
        }
        let v = match f.parent() {
            None => Some(req),
            Some((parent, key)) => self.get(req, parent)?.as_object()?.get(key),
        };
        self.fill(f, v);
        v
    }

    /// Whether a field has been found (or found absent) for this request.
    #[cfg(test)]
    pub(crate) fn is_found(&self, f: Field) -> bool {
        self.found.get() & 1u64 << (f as usize) != 0
    }

    /// Records a field's value (`None`: absent), found by whoever looked it up in its parent.
    pub(crate) fn fill(&self, f: Field, v: Option<&'a crate::value::Value<'a>>) {
        self.values[f as usize].set(v);
        self.found.set(self.found.get() | 1u64 << (f as usize));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fields_pointer_is_its_parents_pointer_and_key() {
        for &f in Field::ALL {
            match f.parent() {
                None => assert_eq!(f.ptr(), "", "{f:?}"),
                Some((parent, key)) => {
                    let want = crate::pointer::join(parent.ptr(), [crate::pointer::Seg::Key(key)]);
                    assert_eq!(f.ptr(), want, "{f:?}");
                    // Parents come first, so a field's lookup only ever goes up the table.
                    assert!(
                        (parent as usize) < (f as usize) || f == Field::Request,
                        "{f:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_field_is_within_another_as_its_pointer_is_below_the_others() {
        for &f in Field::ALL {
            for &root in Field::ALL {
                let below = f.ptr() == root.ptr()
                    || f.ptr()
                        .strip_prefix(root.ptr())
                        .is_some_and(|r| r.starts_with('/'));
                assert_eq!(f.is_within(root), below, "{f:?} in {root:?}");
            }
        }
    }

    #[test]
    fn fields_are_found_as_a_pointer_finds_them_null_included_and_once() {
        let text = r#"{"pool": {"protocol": "TCP", "type": null, "healthmonitor": {"delay": 5},
            "session_persistence": 7, "members": [{"role": "master"}]}}"#;
        let req = crate::parse::parse_json(text).expect("json").value;
        let table = Table::default();
        for round in 0..2 {
            for &f in Field::ALL.iter().rev() {
                let want = crate::pointer::resolve(&req, f.ptr());
                let got = table.get(&req, f);
                assert_eq!(
                    got.map(|v| v as *const _),
                    want.map(|v| v as *const _),
                    "{f:?}, round {round}"
                );
            }
        }
        assert!(table.get(&req, Field::Type).is_some_and(|v| v.is_null()));
        assert_eq!(
            table.get(&req, Field::HmDelay).and_then(|v| v.as_u64()),
            Some(5)
        );
        // Below a field that is not an object: absent.
        assert!(table.get(&req, Field::SessionType).is_none());
        assert!(table.get(&req, Field::Member).is_none());
    }
}
