Feature: Modifying resources with PATCH
  RFC 7644 §3.5.2: a PatchOp request holds operations add, replace and remove, each with an optional
  path that may select values of a multi-valued attribute with a filter. Operations apply in order,
  and the request is atomic. These scenarios are skipped when /ServiceProviderConfig says
  patch.supported is false. A successful PATCH answers 200 with the resource or 204, so each
  scenario reads the resource back to check the outcome.

  Background:
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Patch"},
        "nickName": "Ali",
        "title": "Engineer",
        "active": true,
        "emails": [
          {"value": "alice@work.example.com", "type": "work", "primary": true},
          {"value": "alice@home.example.org", "type": "home"}
        ]
      }
      """

  @protocol @rfc7644-3.5.2.1 @capability-patch @must
  Scenario: add with a path sets an attribute that had no value
    RFC 7644 §3.5.2.1: if the target location does not exist, add creates the attribute with the value given.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "displayName", "value": "Alice P."}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/displayName" is "Alice P."
    And the value at "/title" is "Engineer"
    And the value at "/nickName" is "Ali"

  @protocol @rfc7644-3.5.2.1 @capability-patch @must
  Scenario: add without a path merges the attributes of the value
    RFC 7644 §3.5.2.1: when path is omitted, the value is a complex attribute whose attributes are added to the resource, and attributes not named are left alone.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "value": {"displayName": "Alice P.", "title": "Lead"}}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/displayName" is "Alice P."
    And the value at "/title" is "Lead"
    And the value at "/nickName" is "Ali"
    And the value at "/emails" has 2 items

  @protocol @rfc7644-3.5.2.1 @capability-patch @must
  Scenario: add to a multi-valued attribute appends to the existing values
    RFC 7644 §3.5.2.1: if the target location specifies a multi-valued attribute, the new values are added to the existing ones.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "emails", "value": [{"value": "alice@other.example.net", "type": "other"}]}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/emails" has 3 items
    And the value at "/emails" contains {"value": "alice@work.example.com", "type": "work"}
    And the value at "/emails" contains {"value": "alice@home.example.org", "type": "home"}
    And the value at "/emails" contains {"value": "alice@other.example.net", "type": "other"}

  @protocol @rfc7644-3.5.2.1 @capability-patch @must
  Scenario: add to a single-valued attribute replaces its value
    RFC 7644 §3.5.2.1: if the target location specifies a single-valued attribute, the existing value is replaced.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "title", "value": "Lead"}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "Lead"

  @protocol @rfc7644-3.5.2.3 @capability-patch @must
  Scenario: replace with a path to a sub-attribute
    RFC 7644 §3.5.2.3: replace sets the value at the target location; a path such as name.givenName addresses one sub-attribute and leaves its siblings.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "name.givenName", "value": "Alicia"}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/name/givenName" is "Alicia"
    And the value at "/name/familyName" is "Patch"

  @protocol @rfc7644-3.5.2.3 @capability-patch @must
  Scenario: replace without a path replaces the attributes named in the value
    RFC 7644 §3.5.2.3: when path is omitted, the value holds the attributes to replace; attributes not named are left alone.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"title": "CTO", "active": false}}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "CTO"
    And the value at "/active" is false
    And the value at "/nickName" is "Ali"
    And the value at "/emails" has 2 items

  @protocol @rfc7644-3.5.2.3 @capability-patch @must
  Scenario: replace of a multi-valued attribute without a filter replaces all its values
    RFC 7644 §3.5.2.3: if the target location is a multi-valued attribute and no filter is given, the attribute and all its values are replaced.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "emails", "value": [{"value": "alice@new.example.com", "type": "work", "primary": true}]}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/emails" has 1 item
    And the value at "/emails/0/value" is "alice@new.example.com"

  @protocol @rfc7644-3.5.2.3 @capability-patch @must
  Scenario: replace with a value filter changes only the matching values
    RFC 7644 §3.5.2.3: a valuePath filter (emails[type eq "work"].value) selects the values to replace; the others are left alone.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "alice@changed.example.com"}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/emails" has 2 items
    And the value at "/emails" contains {"value": "alice@changed.example.com", "type": "work"}
    And the value at "/emails" contains {"value": "alice@home.example.org", "type": "home"}
    And the value at "/emails" does not contain {"value": "alice@work.example.com"}

  @protocol @rfc7644-3.5.2.3 @rfc7644-3.12 @capability-patch @must
  Scenario: replace with a value filter that matches nothing is a 400 noTarget
    RFC 7644 §3.5.2.3: if a valuePath filter matches no value, the service provider SHALL fail with 400 and scimType noTarget (the filter is not a plain eq, so the create-on-no-match that Entra needs for emails[type eq "work"], docs/idp/entra.md §1.7 f, does not apply).
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "emails[value ew \"@pager.example.com\"].value", "value": "alice@pager.example.com"}]
      }
      """
    Then the response is a SCIM Error with status 400 and scimType "noTarget"
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/emails" has 2 items

  @protocol @rfc7644-3.5.2.2 @capability-patch @must
  Scenario: remove with a path clears the attribute
    RFC 7644 §3.5.2.2: remove with a path to a single-valued attribute removes it; the resource no longer has a value there.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "nickName"}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/nickName" is absent
    And the value at "/title" is "Engineer"

  @protocol @rfc7644-3.5.2.2 @capability-patch @must
  Scenario: remove with a value filter removes only the matching values
    RFC 7644 §3.5.2.2: if the target location is a multi-valued attribute with a filter, the matching values are removed.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "emails[type eq \"home\"]"}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/emails" has 1 item
    And the value at "/emails/0/value" is "alice@work.example.com"

  @protocol @rfc7644-3.5.2.2 @rfc7644-3.12 @capability-patch @must
  Scenario: remove without a path is a 400 noTarget
    RFC 7644 §3.5.2.2: if path is unspecified, the remove operation fails with 400 and scimType noTarget.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove"}]
      }
      """
    Then the response is a SCIM Error with status 400 and scimType "noTarget"

  @protocol @rfc7644-3.5.2.2 @capability-patch @must
  Scenario: remove of a member by value filter
    RFC 7644 §3.5.2.2: members[value eq "…"] selects one member of a group to remove; the others stay.
    Given a user "bob" exists
    And a group "eng" exists with members "alice,bob"
    When the client sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "remove", "path": "members[value eq \"{{alice.id}}\"]"}]
      }
      """
    Then the response status is 200 or 204
    And group "eng" has exactly the members "bob"
    And user "alice" belongs to exactly the groups ""

  @protocol @rfc7644-3.5.2.3 @capability-patch @must
  Scenario: replace of a group's members replaces the whole list
    RFC 7644 §3.5.2.3: replace of a multi-valued attribute without a filter replaces all its values.
    Given a user "bob" exists
    And a user "cyd" exists
    And a group "eng" exists with members "alice,bob"
    When the client sends PATCH "/Groups/{{eng.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "members", "value": [{"value": "{{cyd.id}}"}]}]
      }
      """
    Then the response status is 200 or 204
    And group "eng" has exactly the members "cyd"

  @protocol @rfc7644-3.5.2 @capability-patch @must
  Scenario: Setting a new primary value demotes the old one
    RFC 7644 §3.5.2: a PATCH that sets a value's primary sub-attribute to true SHALL cause the server to set primary to false for every other value.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "emails", "value": [{"value": "alice@primary.example.com", "type": "other", "primary": true}]}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/emails" contains {"value": "alice@primary.example.com", "primary": true}
    And the value at "/emails" does not contain {"value": "alice@work.example.com", "primary": true}

  @protocol @rfc7644-3.5.2 @capability-patch @must
  Scenario: Operations apply in order
    RFC 7644 §3.5.2: operations are applied sequentially in the order they appear; each one works on the result of the one before.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "replace", "path": "title", "value": "First"},
          {"op": "remove", "path": "title"},
          {"op": "add", "path": "title", "value": "Last"}
        ]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "Last"

  @protocol @rfc7644-3.5.2 @capability-patch @must
  Scenario: A request whose last operation fails changes nothing
    RFC 7644 §3.5.2: a PATCH request SHALL be treated as atomic; if one operation fails, the original resource MUST be restored and a failure status returned.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "replace", "path": "title", "value": "Changed"},
          {"op": "remove", "path": "nickName"},
          {"op": "remove"}
        ]
      }
      """
    Then the response is a SCIM Error with status 400
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "Engineer"
    And the value at "/nickName" is "Ali"

  @protocol @rfc7644-3.5.2 @capability-patch @must
  Scenario: A request whose last operation is unknown changes nothing
    RFC 7644 §3.5.2: op is one of add, remove or replace; a request with any other operation fails as a whole and, being atomic, leaves the resource as it was.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "replace", "path": "title", "value": "Changed"},
          {"op": "explode", "path": "nickName", "value": "Boom"}
        ]
      }
      """
    Then the response is a SCIM Error with status 400
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/title" is "Engineer"
    And the value at "/nickName" is "Ali"

  @protocol @rfc7644-3.5.2 @rfc7643-3.1 @capability-patch @must
  Scenario: A PATCH keeps meta.created and answers meta.lastModified
    RFC 7643 §3.1: meta.created is the time the resource was added, which a modification does not change; meta.lastModified is the most recent time it was updated.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "title", "value": "Later"}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/meta/created" is "{{alice.meta.created}}"
    And the value at "/meta/lastModified" is a string

  @protocol @rfc7644-3.5.2.1 @rfc7643-4.3 @capability-patch @may
  Scenario: add with a URN-qualified path into the Enterprise User extension
    RFC 7644 §3.5.2 with §3.10: a path may be prefixed with a schema URN, such as the Enterprise User extension of RFC 7643 §4.3.
    When the client sends PATCH "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Research"}]
      }
      """
    Then the response status is 200 or 204
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department" is "Research"
    And the value at "/schemas" contains "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
