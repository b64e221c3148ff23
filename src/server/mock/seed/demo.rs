//! The demo organisation (`serve --demo[=N]`, `POST /_admin/demo?users=N`): a realistic
//! company of N users written as a seed document, the same for the same N.
//!
//! Everything is arithmetic on the user's index — no clock, no random numbers — so screenshots
//! and tests are stable. Shape: user 0 is the CEO; users 1..=7 head the seven departments and
//! report to the CEO; every other user joins a department in turn and reports to a colleague
//! higher in the same department (five reports each), so the manager chain is a tree. Each user
//! has the Enterprise extension (employeeNumber, department, costCenter, organization,
//! manager); about one in seventeen is inactive.
//!
//! Groups: Eppo's four role groups (`Eppo Admin`, `Eppo Data Owner`, `Eppo Experiment Editor`,
//! `Eppo Viewer`, see [`EPPO_ROLE_GROUPS`]) and one group per department. Some users are in two
//! role groups (the priority decides in single-role mode) and some in none (the default role).

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::scim::schema::{ENTERPRISE_USER_SCHEMA, USER_SCHEMA};

/// Eppo's roles and the groups that grant them, highest priority first.
pub const EPPO_ROLE_GROUPS: [(&str, &str); 4] = [
    ("Admin", "Eppo Admin"),
    ("Data Owner", "Eppo Data Owner"),
    ("Experiment Editor", "Eppo Experiment Editor"),
    ("Viewer", "Eppo Viewer"),
];

/// The organisation every demo user works for.
pub const ORGANIZATION: &str = "Example Analytics";

/// The email domain of every demo user.
pub const DOMAIN: &str = "example.com";

const DEPARTMENTS: [&str; 7] = [
    "Engineering",
    "Product",
    "Data Science",
    "Marketing",
    "Sales",
    "Finance",
    "People",
];

/// Individual contributors' titles per department (cycled by position).
const TITLES: [[&str; 3]; 7] = [
    [
        "Software Engineer",
        "Senior Software Engineer",
        "Site Reliability Engineer",
    ],
    ["Product Manager", "Product Designer", "UX Researcher"],
    [
        "Data Scientist",
        "Data Analyst",
        "Machine Learning Engineer",
    ],
    ["Growth Marketer", "Content Strategist", "Marketing Analyst"],
    [
        "Account Executive",
        "Sales Engineer",
        "Customer Success Manager",
    ],
    ["Financial Analyst", "Accountant", "Controller"],
    [
        "Recruiter",
        "People Partner",
        "People Operations Specialist",
    ],
];

const FIRST_NAMES: [&str; 40] = [
    "Alice",
    "Ben",
    "Chloe",
    "Daniel",
    "Emma",
    "Farid",
    "Grace",
    "Hiro",
    "Isabel",
    "Jamal",
    "Kavya",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Pedro",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tara",
    "Umar",
    "Valentina",
    "William",
    "Xin",
    "Yara",
    "Zane",
    "Amara",
    "Bruno",
    "Camila",
    "Dmitri",
    "Elena",
    "Felix",
    "Giulia",
    "Hassan",
    "Ingrid",
    "Jonas",
    "Keiko",
    "Lucas",
    "Mei",
    "Nadia",
];

const LAST_NAMES: [&str; 41] = [
    "Anderson",
    "Bauer",
    "Chen",
    "Diallo",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Johansson",
    "Kowalski",
    "Lopez",
    "Martin",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Vargas",
    "Wang",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Ahmed",
    "Brown",
    "Costa",
    "Dubois",
    "Eriksen",
    "Ferreira",
    "Gupta",
    "Hansen",
    "Ivanova",
    "Jensen",
    "Kim",
    "Larsen",
    "Moreau",
    "Nguyen",
    "O'Brien",
];

/// Reports per manager below the department heads.
const FANOUT: usize = 5;

/// One demo person, before being written as SCIM.
struct Person {
    given: &'static str,
    family: &'static str,
    user_name: String,
    /// `None` for the CEO.
    department: Option<usize>,
    /// Position in the department: 0 is its head.
    position: usize,
    title: String,
    manager: Option<usize>,
    active: bool,
}

/// The index of the user at `position` in department `d`.
fn index_of(d: usize, position: usize) -> usize {
    1 + d + DEPARTMENTS.len() * position
}

fn people(n: usize) -> Vec<Person> {
    let mut taken = HashSet::new();
    let mut out = Vec::with_capacity(n);
    let depts = DEPARTMENTS.len();
    for i in 0..n {
        let given = FIRST_NAMES[i % FIRST_NAMES.len()];
        // 40 and 41 are coprime: the first 1640 users all have different full names.
        let family = LAST_NAMES[i % LAST_NAMES.len()];
        let local = format!("{given}.{family}")
            .to_ascii_lowercase()
            .replace('\'', "");
        let mut user_name = format!("{local}@{DOMAIN}");
        if !taken.insert(user_name.clone()) {
            user_name = format!("{local}{i}@{DOMAIN}");
            taken.insert(user_name.clone());
        }
        let (department, position) = match i {
            0 => (None, 0),
            _ => (Some((i - 1) % depts), (i - 1) / depts),
        };
        let manager = match (department, position) {
            (None, _) => None,
            (Some(_), 0) => Some(0),
            (Some(d), p) => Some(index_of(d, (p - 1) / FANOUT)),
        };
        let has_reports = |d: usize| index_of(d, position * FANOUT + 1) < n;
        let title = match department {
            None => "Chief Executive Officer".to_owned(),
            Some(d) if position == 0 => format!("VP of {}", DEPARTMENTS[d]),
            Some(d) if has_reports(d) => format!("{} Manager", DEPARTMENTS[d]),
            Some(d) => TITLES[d][position % 3].to_owned(),
        };
        out.push(Person {
            given,
            family,
            user_name,
            department,
            position,
            title,
            manager,
            active: i % 17 != 16,
        });
    }
    out
}

fn user(i: usize, p: &Person, all: &[Person]) -> Value {
    let department = p.department.map_or("Executive", |d| DEPARTMENTS[d]);
    let mut enterprise = json!({
        "employeeNumber": format!("{:05}", 1001 + i),
        "costCenter": format!("CC-{}", 100 + p.department.map_or(0, |d| d + 1) * 10),
        "organization": ORGANIZATION,
        "department": department,
    });
    if let Some(m) = p.manager {
        enterprise["manager"] = json!({ "value": all[m].user_name });
    }
    json!({
        "schemas": [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
        "userName": p.user_name,
        "externalId": format!("demo-{:05}", 1001 + i),
        "name": {
            "givenName": p.given,
            "familyName": p.family,
            "formatted": format!("{} {}", p.given, p.family),
        },
        "displayName": format!("{} {}", p.given, p.family),
        "title": p.title,
        "emails": [{"value": p.user_name, "type": "work", "primary": true}],
        "phoneNumbers": [{"value": format!("+1-555-{:04}", 1000 + i % 9000), "type": "work"}],
        "locale": "en-US",
        "timezone": "America/New_York",
        "active": p.active,
        ENTERPRISE_USER_SCHEMA: enterprise,
    })
}

/// Which Eppo role groups a person is in (indexes into [`EPPO_ROLE_GROUPS`]).
fn role_groups(p: &Person) -> Vec<usize> {
    let Some(d) = p.department else {
        return vec![0]; // the CEO administers
    };
    let mut out = Vec::new();
    match DEPARTMENTS[d] {
        "Engineering" if p.position <= 1 => out.push(0),
        "Engineering" | "Product" => out.push(2),
        "Data Science" => {
            if p.position <= 2 {
                out.push(1);
            }
            out.push(2); // in two groups: the priority decides in single-role mode
        }
        _ if p.position == 0 => out.push(1),
        // Every fourth in the other departments is in no role group: the default role applies.
        _ if p.position % 4 != 3 => out.push(3),
        _ => {}
    }
    out
}

/// The demo organisation of `n` users as a seed document (see the module docs).
pub fn organisation(n: usize) -> Value {
    let all = people(n);
    let users: Vec<Value> = all
        .iter()
        .enumerate()
        .map(|(i, p)| user(i, p, &all))
        .collect();
    let mut role_members: Vec<Vec<Value>> = vec![Vec::new(); EPPO_ROLE_GROUPS.len()];
    let mut dept_members: Vec<Vec<Value>> = vec![Vec::new(); DEPARTMENTS.len()];
    for p in &all {
        for g in role_groups(p) {
            role_members[g].push(json!(p.user_name));
        }
        if let Some(d) = p.department {
            dept_members[d].push(json!(p.user_name));
        }
    }
    let mut groups = Vec::new();
    for ((_, name), members) in EPPO_ROLE_GROUPS.iter().zip(role_members) {
        groups.push(json!({
            "displayName": name,
            "externalId": format!("eppo-{}", name.to_ascii_lowercase().replace(' ', "-")),
            "members": members,
        }));
    }
    for (name, members) in DEPARTMENTS.iter().zip(dept_members) {
        groups.push(json!({
            "displayName": name,
            "externalId": format!("dept-{}", name.to_ascii_lowercase().replace(' ', "-")),
            "members": members,
        }));
    }
    json!({ "users": users, "groups": groups })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_same_size_gives_the_same_organisation() {
        assert_eq!(organisation(50), organisation(50));
        assert_eq!(organisation(1)["users"].as_array().unwrap().len(), 1);
        // A bigger organisation starts with the same people (titles follow who has reports).
        let small = organisation(20);
        let big = organisation(200);
        for pointer in [
            "/users/19/userName",
            "/users/19/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager",
        ] {
            assert_eq!(small.pointer(pointer), big.pointer(pointer));
        }
        assert_ne!(organisation(20), organisation(21));
    }

    #[test]
    fn user_names_are_unique_and_managers_form_a_tree() {
        let all = people(3000);
        let names: HashSet<&str> = all.iter().map(|p| p.user_name.as_str()).collect();
        assert_eq!(names.len(), all.len());
        for (i, p) in all.iter().enumerate() {
            if let Some(m) = p.manager {
                assert!(m < i, "user {i}'s manager {m} comes first");
                assert!(all[m].department.is_none() || all[m].department == p.department);
            }
        }
    }

    #[test]
    fn the_fifty_user_demo_has_every_shape_the_role_map_needs() {
        let all = people(50);
        let groups: Vec<Vec<usize>> = all.iter().map(role_groups).collect();
        assert!(
            groups.iter().any(|g| g.len() == 2),
            "someone in two role groups"
        );
        assert!(groups.iter().any(Vec::is_empty), "someone in none");
        for role in 0..EPPO_ROLE_GROUPS.len() {
            assert!(
                groups.iter().any(|g| g.contains(&role)),
                "role {role} has members"
            );
        }
        assert!(all.iter().any(|p| !p.active), "someone inactive");
        assert!(
            all.iter().filter(|p| p.active).count() > 40,
            "mostly active"
        );
    }
}
