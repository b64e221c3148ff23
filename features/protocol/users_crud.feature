Feature: User resources: create, read, replace, delete
  The life cycle of a User on /Users (RFC 7644 §3.3–§3.6) with the common attributes of RFC 7643 §3.1.

  @protocol @rfc7644-3.3 @must
  Scenario: Creating a user answers 201 with its id and a Location header matching meta.location
    RFC 7644 §3.3: a successful POST SHALL answer 201 Created, and the URI of the created resource SHALL be in both the Location header and meta.location; RFC 7643 §3.1: every representation MUST include a non-empty id.
    When the client sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.create@example.com",
        "name": {"givenName": "Cora", "familyName": "Create"},
        "active": true
      }
      """
    Then the response status is 201
    And the value at "/id" is a string
    And the value at "/id" is not empty
    And the value at "/meta/location" is a string
    And the response header "Location" is present
    And the response header "Location" equals the value at "/meta/location"

  @protocol @rfc7644-3.3 @rfc7643-3.1 @should
  Scenario: The 201 of a user create holds the created resource with its meta
    RFC 7644 §3.3: the response body SHOULD contain the service provider's representation of the newly created resource, with the meta attributes of RFC 7643 §3.1.
    When the client sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.create@example.com",
        "name": {"givenName": "Cora", "familyName": "Create"},
        "displayName": "Cora Create",
        "active": true,
        "emails": [{"value": "{{run}}.create@example.com", "type": "work", "primary": true}]
      }
      """
    Then the response status is 201
    And the response is a valid User
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:User"
    And the value at "/userName" is "{{run}}.create@example.com"
    And the value at "/name/familyName" is "Create"
    And the value at "/active" is true
    And the value at "/emails/0/value" is "{{run}}.create@example.com"
    And the value at "/meta/resourceType" is "User"
    And the value at "/meta/created" is a string
    And the value at "/meta/lastModified" is a string

  @protocol @rfc7644-3.3 @rfc7643-3.1 @must
  Scenario: Read-only attributes sent on create are ignored
    RFC 7644 §3.3: in the request body, attributes whose mutability is readOnly (id, meta, groups; RFC 7643 §3.1, §4.1.2) SHALL be ignored.
    When the client sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "client-chosen-{{run}}",
        "userName": "{{run}}.readonly@example.com",
        "meta": {"resourceType": "Group", "created": "1999-01-01T00:00:00Z", "lastModified": "1999-01-01T00:00:00Z"},
        "groups": [{"value": "00000000-0000-4000-8000-000000000000", "display": "not a real group"}]
      }
      """
    Then the response status is 201
    And the value at "/id" is not "client-chosen-{{run}}"
    And the value at "/id" is not empty
    And the value at "/meta/resourceType" is "User"
    And the value at "/meta/created" is not "1999-01-01T00:00:00Z"
    And the value at "/groups" does not contain {"value": "00000000-0000-4000-8000-000000000000"}
    When the client sends GET "/Users/client-chosen-{{run}}"
    Then the response is a SCIM Error with status 404

  @protocol @rfc7643-4.3 @rfc7644-3.3 @may
  Scenario: A user with the Enterprise User extension keeps its extension attributes
    RFC 7643 §4.3: the Enterprise User extension's attributes live under its schema URN, which the resource lists in schemas; manager.value holds the manager's id.
    Given a user "boss" exists
    When the client sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": "{{run}}.employee@example.com",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          "employeeNumber": "E-{{run}}",
          "department": "Research",
          "manager": {"value": "{{boss.id}}"}
        }
      }
      """
    Then the response status is 201
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    And the response is saved as "employee"
    When the client sends GET "/Users/{{employee.id}}"
    Then the response status is 200
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber" is "E-{{run}}"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "Research"
    And the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value" is "{{boss.id}}"

  @protocol @rfc7644-3.4.1 @must
  Scenario: A user is retrieved by its id
    RFC 7644 §3.4.1: GET on /Users/{id} returns the resource with 200 OK.
    Given a user "alice" exists
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{run}}.alice@example.com"
    And the value at "/name/givenName" is "{{alice.name.givenName}}"
    And the value at "/externalId" is "ext-{{run}}-alice"
    And the value at "/meta/resourceType" is "User"
    And the value at "/meta/location" is "{{alice.meta.location}}"

  @protocol @rfc7644-3.4.2 @must
  Scenario: Listing users returns a ListResponse
    RFC 7644 §3.4.2: a GET on the resource type endpoint answers 200 with a ListResponse carrying totalResults and the Resources found.
    Given a user "alice" exists
    When the client sends GET "/Users"
    Then the response status is 200
    And the response is a ListResponse of Users
    And the value at "/schemas" contains "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    And the value at "/totalResults" is a number
    And the value at "/Resources" is an array

  @protocol @rfc7644-3.5.1 @must
  Scenario: PUT replaces the user's writable attributes and answers 200 with the resource
    RFC 7644 §3.5.1: values provided for readWrite attributes SHALL replace the existing values, and a successful PUT returns 200 OK with the entire resource.
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice.renamed@example.com",
        "name": {"givenName": "Alicia", "familyName": "Replaced"},
        "displayName": "Alicia Replaced",
        "title": "Director",
        "active": false,
        "emails": [{"value": "alicia@example.org", "type": "home", "primary": true}]
      }
      """
    Then the response status is 200
    And the response is a valid User
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{run}}.alice.renamed@example.com"
    And the value at "/name/givenName" is "Alicia"
    And the value at "/name/familyName" is "Replaced"
    And the value at "/title" is "Director"
    And the value at "/active" is false
    And the value at "/emails" has 1 item
    And the value at "/emails/0/value" is "alicia@example.org"
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/userName" is "{{run}}.alice.renamed@example.com"
    And the value at "/title" is "Director"
    And the value at "/active" is false
    And the value at "/emails" has 1 item

  @protocol @rfc7644-3.5.1 @must
  Scenario: PUT ignores read-only attributes the client echoes back
    RFC 7644 §3.5.1: for readOnly attributes (id, meta; RFC 7643 §3.1) any values provided SHALL be ignored, so a client may PUT back what it read.
    Given a user "alice" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "echoed-{{run}}",
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Echo"},
        "meta": {"resourceType": "Group", "created": "1999-01-01T00:00:00Z", "location": "https://elsewhere.example/Users/echoed"}
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/name/familyName" is "Echo"
    And the value at "/meta/resourceType" is "User"
    And the value at "/meta/created" is "{{alice.meta.created}}"
    And the value at "/meta/location" is "{{alice.meta.location}}"
    When the client sends GET "/Users/echoed-{{run}}"
    Then the response is a SCIM Error with status 404

  @protocol @rfc7644-3.5.1 @rfc7643-4.1.2 @should
  Scenario: PUT ignores an echoed groups attribute; memberships stay as the groups say
    RFC 7644 §3.5.1 ignores readOnly values on PUT, and RFC 7643 §4.1.2 makes User.groups readOnly: membership changes MUST go through the Group resource.
    Given a user "alice" exists
    And a group "eng" exists with members "alice"
    And a group "ops" exists
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "groups": [{"value": "{{ops.id}}", "display": "{{ops.displayName | json}}"}]
      }
      """
    Then the response status is 200
    And user "alice" belongs to exactly the groups "eng"
    And group "ops" has exactly the members ""

  @protocol @rfc7644-3.5.1 @may
  Scenario: PUT clears writable attributes the client leaves out
    RFC 7644 §3.5.1: readWrite attributes omitted from a PUT body MAY be assumed not asserted, and the service provider MAY clear their existing values; the reference server replaces the whole resource.
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "nickName": "Ali",
        "title": "Engineer"
      }
      """
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "title": "Engineer"
      }
      """
    Then the response status is 200
    And the value at "/nickName" is absent
    And the value at "/title" is "Engineer"

  @protocol @rfc7644-3.5.2 @capability-patch @must
  Scenario: PATCH changes only the attributes it names
    RFC 7644 §3.5.2: PATCH modifies the attributes its operations target and leaves the others as they were.
    Given a user "alice" exists
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "active", "value": false}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/active" is false
    And the value at "/userName" is "{{run}}.alice@example.com"
    And the value at "/name/familyName" is "Test"
    And the value at "/emails/0/value" is "{{run}}.alice@example.com"

  @protocol @rfc7644-3.6 @must
  Scenario: Deleting a user answers 204; afterwards it is gone
    RFC 7644 §3.6: a successful DELETE returns 204 No Content, and the deleted resource is no longer returned: a later GET or DELETE answers 404.
    Given a user "alice" exists
    When the client sends DELETE "/Users/{{alice.id}}"
    Then the response status is 204
    And the response has no body
    When the client sends GET "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404
    When the client sends DELETE "/Users/{{alice.id}}"
    Then the response is a SCIM Error with status 404

  @protocol @rfc7644-3.6 @capability-filter @must
  Scenario: A deleted user is omitted from query results
    RFC 7644 §3.6: service providers MUST omit a deleted resource from future query results.
    Given a user "alice" exists
    And the value "userName eq \"{{alice.userName}}\"" saved as "filter"
    When the client sends DELETE "/Users/{{alice.id}}"
    Then the response status is 204
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the value at "/totalResults" is 0
    And the value at "/Resources/0" is absent

  @protocol @rfc7643-4.1.2 @should
  Scenario: User.groups reflects the groups the user is a member of
    RFC 7643 §4.1.2: groups lists the groups to which the user belongs, derived from Group membership.
    Given a user "alice" exists
    And a user "bob" exists
    And a group "eng" exists with members "alice,bob"
    And a group "ops" exists with members "alice"
    Then user "alice" belongs to exactly the groups "eng,ops"
    And user "bob" belongs to exactly the groups "eng"
    When the client sends GET "/Users/{{bob.id}}"
    Then the response status is 200
    And the value at "/groups" has 1 item
    And the value at "/groups/0/value" is "{{eng.id}}"

  @protocol @rfc7644-3.6 @rfc7643-4.2 @should
  Scenario: Deleting a user removes it from every group
    RFC 7644 §3.6: a deleted resource is omitted from future results, so RFC 7643 §4.2 Group.members no longer lists it.
    Given a user "alice" exists
    And a user "bob" exists
    And a group "eng" exists with members "alice,bob"
    And a group "ops" exists with members "alice"
    When the client sends DELETE "/Users/{{alice.id}}"
    Then the response status is 204
    And group "eng" has exactly the members "bob"
    And group "ops" has exactly the members ""

  @protocol @rfc7644-3.14 @capability-etag @must
  Scenario: Creating a user answers an ETag when the server supports versioning
    RFC 7644 §3.14: when ETags are supported they MUST be given as an HTTP header on the resource returned, including the 201 of a create.
    When the client sends POST "/Users" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.etag@example.com"}
      """
    Then the response status is 201
    And the response header "ETag" is present

  @protocol @rfc7644-3.3 @should
  Scenario: The Location of a created user is a URL under the base URL the client used
    RFC 7644 §3.3: the Location header is the URI of the created resource, for the client to follow, and RFC 7643 §3.1 makes meta.location the same URI; one built from another origin (an internal host behind a proxy) is consistent but useless to the client.
    When the client sends POST "/Users" with:
      """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"{{run}}.located@example.com"}
      """
    Then the response status is 201
    And the response is saved as "located"
    And the response header "Location" is "{{base}}/Users/{{located.id}}"
    And the value at "/meta/location" is "{{base}}/Users/{{located.id}}"
    When the client sends GET "/Users/{{located.id}}"
    Then the response status is 200
    And the value at "/id" is "{{located.id}}"
    And the value at "/meta/location" is "{{base}}/Users/{{located.id}}"

  @protocol @rfc7643-3.1 @should @capability-patch
  Scenario: A modification moves meta.lastModified
    RFC 7643 §3.1: meta.lastModified is the most recent time the resource was updated, so a successful modification changes it; the scenario waits 1.1 s first, for servers that keep whole seconds.
    Given a user "alice" exists
    And 1100 milliseconds pass
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
       "Operations":[{"op":"replace","path":"displayName","value":"Alice Moved"}]}
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the response status is 200
    And the value at "/displayName" is "Alice Moved"
    And the value at "/meta/lastModified" is not "{{alice.meta.lastModified}}"
    And the value at "/meta/created" is "{{alice.meta.created}}"
