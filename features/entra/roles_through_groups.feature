@entra
Feature: Roles assigned through groups that Entra pushes
  The apps this tool is for derive a user's role from group membership: Eppo maps one IdP group per
  role (Admin, Data Owner, Experiment Editor, Viewer; groups named like "Eppo Admin"), and Fennel makes
  each pushed group a role. Entra pushes those groups like any other (docs/idp/entra.md §2.2, §2.3), and a
  role change in Entra is a membership change written on the next cycle: a removal from the old group
  and an add to the new one (§2.6, §2.7). What the service provider reads must then say exactly one
  thing: the user is a member of exactly the right groups, and User.groups agrees.

  Background:
    Given a user "alice" exists
    And a user "bob" exists

  @entra-default @must @documented @tolerance-op-case @tolerance-members-remove-value
  Scenario: Eppo: push the four role groups, then move a user from Viewer to Experiment Editor
    Entra creates each Eppo role group with its documented group body, adds members with Add and "$ref": null, and moves a user by a Remove with a value array on the old group and an Add on the new one; only the moved user's memberships change (docs/idp/entra.md §2.3, §2.6, §2.7 [DOC S1, S2], §3 Q4).
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-eppo-admin",
        "displayName": "Eppo Admin {{run}}",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "admin"
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-eppo-data-owner",
        "displayName": "Eppo Data Owner {{run}}",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "dataowner"
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-eppo-experiment-editor",
        "displayName": "Eppo Experiment Editor {{run}}",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "editor"
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-eppo-viewer",
        "displayName": "Eppo Viewer {{run}}",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "viewer"
    When Entra sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Groups/{{admin.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "{{bob.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "viewer"
    And user "bob" belongs to exactly the groups "admin"
    When Entra sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Groups/{{editor.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Add", "path": "members", "value": [{"$ref": null, "value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "editor"
    And user "bob" belongs to exactly the groups "admin"
    And group "viewer" has exactly the members ""
    And group "editor" has exactly the members "alice"
    And group "admin" has exactly the members "bob"
    And group "dataowner" has exactly the members ""

  @entra-flag @should @inferred
  Scenario: Eppo: move a user from Admin to Viewer with the flag's remove by filter
    With the flag Entra removes the user from the old role group with remove members[value eq "<id>"] and adds it to the new one with a lowercase add, whose exact body is unpublished; the other admin keeps its role (docs/idp/entra.md §2.7 [DOC S2], §2.6 [INF], §0.2).
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-eppo-admin",
        "displayName": "Eppo Admin {{run}}",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "admin"
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-eppo-viewer",
        "displayName": "Eppo Viewer {{run}}",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "viewer"
    When Entra sends PATCH "/Groups/{{admin.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "{{alice.id}}"}, {"value": "{{bob.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "admin"
    When Entra sends PATCH "/Groups/{{admin.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "members[value eq \"{{alice.id}}\"]"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Groups/{{viewer.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "viewer"
    And user "bob" belongs to exactly the groups "admin"
    And group "admin" has exactly the members "bob"
    And group "viewer" has exactly the members "alice"

  @entra-flag @should @inferred
  Scenario: Fennel: each pushed group is a role; a user moves from one pushed group to another
    Fennel turns every group Entra pushes into a role; Entra pushes the groups without members, adds members with a lowercase add (body unpublished), and on a change removes the user by members[value eq "<id>"] and adds it to the other group (docs/idp/entra.md §2.1, §2.3, §2.7 [DOC S1, S2], §2.6 [INF]).
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-fennel-analysts",
        "displayName": "{{run}} Analysts",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "analysts"
    When Entra sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "{{run}}-fennel-engineers",
        "displayName": "{{run}} Engineers",
        "meta": {"resourceType": "Group"}
      }
      """
    Then the response status is 201
    And the response is saved as "engineers"
    When Entra sends PATCH "/Groups/{{analysts.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Groups/{{engineers.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "{{bob.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "analysts"
    When Entra sends PATCH "/Groups/{{analysts.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "members[value eq \"{{alice.id}}\"]"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends PATCH "/Groups/{{engineers.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "engineers"
    And user "bob" belongs to exactly the groups "engineers"
    And group "analysts" has exactly the members ""
    And group "engineers" has exactly the members "alice,bob"

  @entra-default @must @documented @tolerance-op-case @tolerance-members-remove-value
  Scenario: Fennel: a user holding two roles loses one and keeps the other
    A user in two pushed groups who is removed from one in Entra gets a default-dialect Remove with a value array on that group only; the other membership, and the other members, stay (docs/idp/entra.md §2.7 [DOC S1, S2], §3 Q4).
    Given a group "analysts" exists with members "alice,bob"
    And a group "engineers" exists with members "alice"
    Then user "alice" belongs to exactly the groups "analysts,engineers"
    When Entra sends PATCH "/Groups/{{analysts.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "{{alice.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "engineers"
    And user "bob" belongs to exactly the groups "analysts"
    And group "analysts" has exactly the members "bob"
    And group "engineers" has exactly the members "alice"

  @entra-flag @must @documented
  Scenario: Fennel: a user holding two roles loses one with the flag's remove by filter
    With the flag, a user removed in Entra from one of its two pushed groups gets remove members[value eq "<id>"] on that group only; the other membership, and the group's other members, stay (docs/idp/entra.md §2.7 [DOC S2], §3 Q4).
    Given a group "analysts" exists with members "alice,bob"
    And a group "engineers" exists with members "alice"
    Then user "alice" belongs to exactly the groups "analysts,engineers"
    When Entra sends PATCH "/Groups/{{analysts.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "members[value eq \"{{alice.id}}\"]"}]
      }
      """
    Then the response status is 200 or 204
    Then user "alice" belongs to exactly the groups "engineers"
    And user "bob" belongs to exactly the groups "analysts"
    And group "analysts" has exactly the members "bob"
    And group "engineers" has exactly the members "alice"

  @entra-default @must @documented @tolerance-op-case
  Scenario: Fennel: renaming a pushed group keeps its members, so the role keeps its holders
    A rename in Entra arrives as Replace on displayName against the cached id, with no re-query by the new name; the members, and so the role's holders, are unchanged (docs/idp/entra.md §2.8 [DOC S1; INF from S4]).
    Given a group "analysts" exists with members "alice"
    When Entra sends PATCH "/Groups/{{analysts.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "displayName", "value": "{{run}} Data Analysts"}]
      }
      """
    Then the response status is 200 or 204
    When Entra sends GET "/Groups/{{analysts.id}}?excludedAttributes=members"
    Then the response status is 200
    And the value at "/displayName" is "{{run}} Data Analysts"
    Then user "alice" belongs to exactly the groups "analysts"
    And group "analysts" has exactly the members "alice"
