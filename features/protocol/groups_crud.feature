Feature: Group resources: create, read, replace, delete
  The life cycle of a Group on /Groups (RFC 7644 §3.3–§3.6) and its members (RFC 7643 §4.2).

  @protocol @rfc7644-3.3 @must
  Scenario: Creating a group answers 201 with its id and a Location header matching meta.location
    RFC 7644 §3.3: a successful POST SHALL answer 201 Created, and the URI of the created resource SHALL be in both the Location header and meta.location; RFC 7643 §3.1: every representation MUST include a non-empty id.
    When the client sends POST "/Groups" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{{run}} Created Group"}
      """
    Then the response status is 201
    And the value at "/id" is a string
    And the value at "/id" is not empty
    And the value at "/meta/location" is a string
    And the response header "Location" is present
    And the response header "Location" equals the value at "/meta/location"

  @protocol @rfc7644-3.3 @rfc7643-4.2 @should
  Scenario: The 201 of a group create holds the created group with its members and meta
    RFC 7644 §3.3: the response body SHOULD contain the service provider's representation of the newly created resource; RFC 7643 §4.2 members lists the member ids.
    Given a user "alice" exists
    When the client sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "{{run}} Created Group",
        "members": [{"value": "{{alice.id}}"}]
      }
      """
    Then the response status is 201
    And the response is a valid Group
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:core:2.0:Group"
    And the value at "/displayName" is "{{run}} Created Group"
    And the member values at "/members" are exactly "alice"
    And the value at "/meta/resourceType" is "Group"
    And the value at "/meta/created" is a string
    And the value at "/meta/lastModified" is a string

  @protocol @rfc7644-3.3 @rfc7643-3.1 @must
  Scenario: Read-only attributes sent on group create are ignored
    RFC 7644 §3.3: in the request body, attributes whose mutability is readOnly (id, meta; RFC 7643 §3.1) SHALL be ignored.
    When the client sends POST "/Groups" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "client-chosen-{{run}}",
        "displayName": "{{run}} Read Only",
        "meta": {"resourceType": "User", "created": "1999-01-01T00:00:00Z"}
      }
      """
    Then the response status is 201
    And the value at "/id" is not "client-chosen-{{run}}"
    And the value at "/meta/resourceType" is "Group"
    And the value at "/meta/created" is not "1999-01-01T00:00:00Z"

  @protocol @rfc7644-3.4.1 @must
  Scenario: A group is retrieved by its id with its members
    RFC 7644 §3.4.1: GET on /Groups/{id} returns the resource with 200 OK; RFC 7643 §4.2 members lists the member ids.
    Given a user "alice" exists
    And a user "bob" exists
    And a group "eng" exists with members "alice,bob"
    When the client sends GET "/Groups/{{eng.id}}"
    Then the response status is 200
    And the response is a valid Group
    And the value at "/id" is "{{eng.id}}"
    And the value at "/displayName" is "{{run}} eng"
    And the member values at "/members" are exactly "alice,bob"
    And the value at "/meta/resourceType" is "Group"

  @protocol @rfc7644-3.4.2 @must
  Scenario: Listing groups returns a ListResponse
    RFC 7644 §3.4.2: a GET on the resource type endpoint answers 200 with a ListResponse carrying totalResults and the Resources found.
    Given a group "eng" exists
    When the client sends GET "/Groups"
    Then the response status is 200
    And the response is a ListResponse of Groups
    And the value at "/totalResults" is a number

  @protocol @rfc7644-3.5.1 @must
  Scenario: PUT replaces a group's display name and members
    RFC 7644 §3.5.1: values provided for readWrite attributes SHALL replace the existing values, including the whole members list; a successful PUT returns 200 OK with the resource.
    Given a user "alice" exists
    And a user "bob" exists
    And a user "cyd" exists
    And a group "eng" exists with members "alice,bob"
    When the client sends PUT "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "{{run}} eng renamed",
        "members": [{"value": "{{bob.id}}"}, {"value": "{{cyd.id}}"}]
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{eng.id}}"
    And the value at "/displayName" is "{{run}} eng renamed"
    And the member values at "/members" are exactly "bob,cyd"
    And group "eng" has exactly the members "bob,cyd"
    And user "alice" belongs to exactly the groups ""

  @protocol @rfc7644-3.5.1 @must
  Scenario: PUT on a group ignores read-only attributes the client echoes back
    RFC 7644 §3.5.1: for readOnly attributes (id, meta; RFC 7643 §3.1) any values provided SHALL be ignored.
    Given a group "eng" exists
    When the client sends PUT "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "echoed-{{run}}",
        "displayName": "{{run}} eng",
        "meta": {"resourceType": "User", "created": "1999-01-01T00:00:00Z"}
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{eng.id}}"
    And the value at "/meta/resourceType" is "Group"
    And the value at "/meta/created" is "{{eng.meta.created}}"

  @protocol @rfc7644-3.5.2 @capability-patch @must
  Scenario: PATCH adds a member to a group without touching the others
    RFC 7644 §3.5.2.1: an add operation on a multi-valued attribute adds the new values to the existing ones.
    Given a user "alice" exists
    And a user "bob" exists
    And a group "eng" exists with members "alice"
    When the client sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "members", "value": [{"value": "{{bob.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    And group "eng" has exactly the members "alice,bob"

  @protocol @rfc7644-3.6 @must
  Scenario: Deleting a group answers 204; afterwards it is gone
    RFC 7644 §3.6: a successful DELETE returns 204 No Content, and the deleted resource is no longer returned: a later GET or DELETE answers 404.
    Given a group "eng" exists
    When the client sends DELETE "/Groups/{{eng.id}}"
    Then the response status is 204
    And the response has no body
    When the client sends GET "/Groups/{{eng.id}}"
    Then the response is a SCIM Error with status 404
    When the client sends DELETE "/Groups/{{eng.id}}"
    Then the response is a SCIM Error with status 404

  @protocol @rfc7644-3.6 @rfc7643-4.1.2 @should
  Scenario: Deleting a group removes it from its members' groups
    RFC 7644 §3.6 omits a deleted resource from future results, so the members' User.groups (RFC 7643 §4.1.2) no longer lists it.
    Given a user "alice" exists
    And a group "eng" exists with members "alice"
    And a group "ops" exists with members "alice"
    When the client sends DELETE "/Groups/{{eng.id}}"
    Then the response status is 204
    And user "alice" belongs to exactly the groups "ops"

  @protocol @rfc7644-3.14 @capability-etag @must
  Scenario: Creating a group answers an ETag when the server supports versioning
    RFC 7644 §3.14: when ETags are supported they MUST be given as an HTTP header on the resource returned, including the 201 of a create.
    When the client sends POST "/Groups" with:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{{run}} Versioned"}
      """
    Then the response status is 201
    And the response header "ETag" is present
