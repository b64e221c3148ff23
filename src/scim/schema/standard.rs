//! The standard registry: User, the Enterprise User extension and Group with every attribute
//! and characteristic as RFC 7643 §4 and §8.7.1 define them (Group `displayName` is also unique
//! here, because Okta and Entra find groups by it).

use super::{
    AttrType, Attribute, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, Mutability, Registry, ResourceType,
    Returned, Schema, SchemaExtension, USER_SCHEMA, Uniqueness,
};

/// Builders for the definitions below: RFC 7643 §7's defaults, changed one characteristic at a
/// time.
impl Attribute {
    fn new(name: &'static str, ty: AttrType, description: &'static str) -> Self {
        Attribute {
            name,
            ty,
            multi_valued: false,
            description,
            required: false,
            canonical_values: Vec::new(),
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            uniqueness: Uniqueness::None,
            reference_types: Vec::new(),
            sub_attributes: Vec::new(),
        }
    }
    fn multi(mut self) -> Self {
        self.multi_valued = true;
        self
    }
    fn required(mut self) -> Self {
        self.required = true;
        self
    }
    fn case_exact(mut self) -> Self {
        self.case_exact = true;
        self
    }
    fn mutability(mut self, m: Mutability) -> Self {
        self.mutability = m;
        self
    }
    fn returned(mut self, r: Returned) -> Self {
        self.returned = r;
        self
    }
    fn unique(mut self, u: Uniqueness) -> Self {
        self.uniqueness = u;
        self
    }
    fn canonical(mut self, values: &[&'static str]) -> Self {
        self.canonical_values = values.to_vec();
        self
    }
    fn refs(mut self, types: &[&'static str]) -> Self {
        self.reference_types = types.to_vec();
        self
    }
    fn sub(mut self, subs: Vec<Attribute>) -> Self {
        self.sub_attributes = subs;
        self
    }
}

fn string(name: &'static str, description: &'static str) -> Attribute {
    Attribute::new(name, AttrType::String, description)
}
fn boolean(name: &'static str, description: &'static str) -> Attribute {
    Attribute::new(name, AttrType::Boolean, description)
}
fn reference(name: &'static str, description: &'static str, types: &[&'static str]) -> Attribute {
    Attribute::new(name, AttrType::Reference, description).refs(types)
}
fn complex(name: &'static str, description: &'static str, subs: Vec<Attribute>) -> Attribute {
    Attribute::new(name, AttrType::Complex, description).sub(subs)
}
fn date_time(name: &'static str, description: &'static str) -> Attribute {
    Attribute::new(name, AttrType::DateTime, description)
}

fn multi_valued_common(value_desc: &'static str, types: &[&'static str]) -> Vec<Attribute> {
    vec![
        string("value", value_desc),
        string(
            "display",
            "A human-readable name, primarily used for display purposes.",
        ),
        string("type", "A label indicating the attribute's function.").canonical(types),
        boolean(
            "primary",
            "A Boolean value indicating the 'primary' or preferred attribute value.",
        ),
    ]
}

pub(super) fn build_standard() -> Registry {
    use Mutability::*;

    let common = vec![
        string(
            "id",
            "Unique identifier for the SCIM resource as defined by the service provider.",
        )
        .case_exact()
        .mutability(ReadOnly)
        .returned(Returned::Always)
        .unique(Uniqueness::Server),
        string(
            "externalId",
            "Identifier for the resource as defined by the provisioning client.",
        )
        .case_exact(),
        complex(
            "meta",
            "Resource metadata.",
            vec![
                string(
                    "resourceType",
                    "The name of the resource type of the resource.",
                )
                .case_exact()
                .mutability(ReadOnly),
                date_time("created", "The date and time the resource was added.")
                    .mutability(ReadOnly),
                date_time(
                    "lastModified",
                    "The most recent date and time the resource was modified.",
                )
                .mutability(ReadOnly),
                reference(
                    "location",
                    "The URI of the resource being returned.",
                    &["uri"],
                )
                .case_exact()
                .mutability(ReadOnly),
                string("version", "The version (weak ETag) of the resource.")
                    .case_exact()
                    .mutability(ReadOnly),
            ],
        )
        .mutability(ReadOnly),
    ];

    let user = Schema {
        id: USER_SCHEMA,
        name: "User",
        description: "User Account",
        attributes: vec![
            string(
                "userName",
                "Unique identifier for the User, used to authenticate. REQUIRED.",
            )
            .required()
            .unique(Uniqueness::Server),
            complex(
                "name",
                "The components of the user's real name.",
                vec![
                    string("formatted", "The full name, formatted for display."),
                    string("familyName", "The family name of the User."),
                    string("givenName", "The given name of the User."),
                    string("middleName", "The middle name(s) of the User."),
                    string("honorificPrefix", "The honorific prefix(es) of the User."),
                    string("honorificSuffix", "The honorific suffix(es) of the User."),
                ],
            ),
            string(
                "displayName",
                "The name of the User, suitable for display to end-users.",
            ),
            string(
                "nickName",
                "The casual way to address the user in real life.",
            ),
            reference(
                "profileUrl",
                "A fully qualified URL pointing to the User's online profile.",
                &["external"],
            ),
            string("title", "The user's title, such as \"Vice President\"."),
            string(
                "userType",
                "Identifies the relationship between the organization and the user.",
            ),
            string(
                "preferredLanguage",
                "The User's preferred written or spoken language.",
            ),
            string("locale", "The User's default location for localization."),
            string(
                "timezone",
                "The User's time zone in the 'Olson' time zone database format.",
            ),
            boolean(
                "active",
                "A Boolean value indicating the User's administrative status.",
            ),
            string("password", "The User's cleartext password. Never returned.")
                .mutability(WriteOnly)
                .returned(Returned::Never),
            complex(
                "emails",
                "Email addresses for the user.",
                multi_valued_common("Email address for the user.", &["work", "home", "other"]),
            )
            .multi(),
            complex(
                "phoneNumbers",
                "Phone numbers for the User.",
                multi_valued_common(
                    "Phone number of the User.",
                    &["work", "home", "mobile", "fax", "pager", "other"],
                ),
            )
            .multi(),
            complex(
                "ims",
                "Instant messaging addresses for the User.",
                multi_valued_common(
                    "Instant messaging address for the User.",
                    &["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
                ),
            )
            .multi(),
            complex(
                "photos",
                "URLs of photos of the User.",
                vec![
                    reference("value", "URL of a photo of the User.", &["external"]),
                    string(
                        "display",
                        "A human-readable name, primarily used for display purposes.",
                    ),
                    string("type", "A label indicating the attribute's function.")
                        .canonical(&["photo", "thumbnail"]),
                    boolean(
                        "primary",
                        "A Boolean value indicating the 'primary' or preferred photo.",
                    ),
                ],
            )
            .multi(),
            complex(
                "addresses",
                "A physical mailing address for this User.",
                vec![
                    string(
                        "formatted",
                        "The full mailing address, formatted for display.",
                    ),
                    string("streetAddress", "The full street address component."),
                    string("locality", "The city or locality component."),
                    string("region", "The state or region component."),
                    string("postalCode", "The zip code or postal code component."),
                    string("country", "The country name component."),
                    string("type", "A label indicating the attribute's function.")
                        .canonical(&["work", "home", "other"]),
                    boolean(
                        "primary",
                        "A Boolean value indicating the 'primary' or preferred address.",
                    ),
                ],
            )
            .multi(),
            complex(
                "groups",
                "A list of groups to which the user belongs, computed by the service provider.",
                vec![
                    string("value", "The identifier of the User's group.").mutability(ReadOnly),
                    reference(
                        "$ref",
                        "The URI of the corresponding 'Group' resource.",
                        &["User", "Group"],
                    )
                    .mutability(ReadOnly),
                    string("display", "A human-readable name of the group.").mutability(ReadOnly),
                    string("type", "How the membership was derived.")
                        .canonical(&["direct", "indirect"])
                        .mutability(ReadOnly),
                ],
            )
            .multi()
            .mutability(ReadOnly),
            complex(
                "entitlements",
                "A list of entitlements for the User.",
                multi_valued_common("The value of an entitlement.", &[]),
            )
            .multi(),
            complex(
                "roles",
                "A list of roles for the User.",
                multi_valued_common("The value of a role.", &[]),
            )
            .multi(),
            complex(
                "x509Certificates",
                "A list of certificates issued to the User.",
                vec![
                    Attribute::new(
                        "value",
                        AttrType::Binary,
                        "The value of an X.509 certificate.",
                    ),
                    string(
                        "display",
                        "A human-readable name, primarily used for display purposes.",
                    ),
                    string("type", "A label indicating the attribute's function."),
                    boolean(
                        "primary",
                        "A Boolean value indicating the 'primary' or preferred value.",
                    ),
                ],
            )
            .multi(),
        ],
    };

    let enterprise = Schema {
        id: ENTERPRISE_USER_SCHEMA,
        name: "EnterpriseUser",
        description: "Enterprise User",
        attributes: vec![
            string(
                "employeeNumber",
                "Numeric or alphanumeric identifier assigned to a person.",
            ),
            string("costCenter", "Identifies the name of a cost center."),
            string("organization", "Identifies the name of an organization."),
            string("division", "Identifies the name of a division."),
            string("department", "Identifies the name of a department."),
            complex(
                "manager",
                "The User's manager.",
                vec![
                    string(
                        "value",
                        "The id of the SCIM resource representing the User's manager.",
                    ),
                    reference(
                        "$ref",
                        "The URI of the SCIM resource representing the User's manager.",
                        &["User"],
                    ),
                    string("displayName", "The displayName of the User's manager.")
                        .mutability(ReadOnly),
                ],
            ),
        ],
    };

    let group = Schema {
        id: GROUP_SCHEMA,
        name: "Group",
        description: "Group",
        attributes: vec![
            string(
                "displayName",
                "A human-readable name for the Group. REQUIRED; unique on this server.",
            )
            .required()
            .unique(Uniqueness::Server),
            complex(
                "members",
                "A list of members of the Group.",
                vec![
                    string("value", "Identifier of the member of this Group.")
                        .mutability(Immutable),
                    reference(
                        "$ref",
                        "The URI of the corresponding member resource.",
                        &["User", "Group"],
                    )
                    .mutability(Immutable),
                    string("display", "A human-readable name of the member."),
                    string("type", "A label indicating the type of resource.")
                        .canonical(&["User", "Group"])
                        .mutability(Immutable),
                ],
            )
            .multi(),
        ],
    };

    Registry {
        schemas: vec![user, enterprise, group],
        resource_types: vec![
            ResourceType {
                id: "User",
                name: "User",
                endpoint: "/Users",
                description: "User Account",
                schema: USER_SCHEMA,
                schema_extensions: vec![SchemaExtension {
                    schema: ENTERPRISE_USER_SCHEMA,
                    required: false,
                }],
            },
            ResourceType {
                id: "Group",
                name: "Group",
                endpoint: "/Groups",
                description: "Group",
                schema: GROUP_SCHEMA,
                schema_extensions: Vec::new(),
            },
        ],
        common,
    }
}
