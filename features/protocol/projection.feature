Feature: Choosing the attributes returned
  The attributes and excludedAttributes query parameters (RFC 7644 §3.4.2.5 on queries, §3.9 on
  every operation that returns a resource) and the returned characteristic (RFC 7643 §7):
  "always" attributes such as id come back regardless, "never" attributes such as password never do.

  Background:
    Given a user "alice" exists with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Projection"},
        "displayName": "Alice Projection",
        "title": "Engineer",
        "active": true,
        "emails": [{"value": "alice@work.example.com", "type": "work", "primary": true}],
        "password": "Secret-{{run}}-1"
      }
      """

  @protocol @rfc7644-3.4.2.5 @rfc7643-7 @must
  Scenario: attributes limits a read to the named attributes, plus id
    RFC 7644 §3.4.2.5: attributes overrides the default set and service providers MUST support it; RFC 7643 §7: id is returned "always".
    When the client sends GET "/Users/{{alice.id}}?attributes=userName"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{run}}.alice@example.com"
    And the value at "/name" is absent
    And the value at "/title" is absent
    And the value at "/emails" is absent
    And the value at "/active" is absent

  @protocol @rfc7644-3.4.2.5 @rfc7644-3.10 @must
  Scenario: attributes may name a sub-attribute
    RFC 7644 §3.4.2.5 with §3.10: attribute names in attributes use standard attribute notation, so name.familyName returns only that sub-attribute of name.
    When the client sends GET "/Users/{{alice.id}}?attributes=name.familyName"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/name/familyName" is "Projection"
    And the value at "/name/givenName" is absent
    And the value at "/userName" is absent

  @protocol @rfc7644-3.4.2.5 @rfc7644-3.10 @must
  Scenario: attributes may name several attributes, URN-qualified or not
    RFC 7644 §3.4.2.5 with §3.10: attributes is a comma-separated list, and an attribute may be qualified with its schema URN.
    When the client sends GET "/Users/{{alice.id}}?attributes=urn:ietf:params:scim:schemas:core:2.0:User:displayName,title"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/displayName" is "Alice Projection"
    And the value at "/title" is "Engineer"
    And the value at "/userName" is absent
    And the value at "/emails" is absent

  @protocol @rfc7644-3.4.2.5 @must
  Scenario: excludedAttributes removes the named attributes from a read
    RFC 7644 §3.4.2.5: excludedAttributes returns the default set minus the named attributes, and service providers MUST support it.
    When the client sends GET "/Users/{{alice.id}}?excludedAttributes=emails,name"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is "{{run}}.alice@example.com"
    And the value at "/title" is "Engineer"
    And the value at "/emails" is absent
    And the value at "/name" is absent

  @protocol @rfc7644-3.4.2.5 @rfc7643-7 @must
  Scenario: excludedAttributes cannot remove id
    RFC 7644 §3.4.2.5: excludedAttributes SHALL have no effect on attributes whose returned characteristic is "always", such as id (RFC 7643 §3.1).
    When the client sends GET "/Users/{{alice.id}}?excludedAttributes=id,userName"
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/userName" is absent

  @protocol @rfc7644-3.4.2.5 @capability-filter @must
  Scenario: attributes applies to every resource of a query
    RFC 7644 §3.4.2.5: attributes and excludedAttributes apply to the resources returned by a query.
    Given a user "bob" exists
    And the value "userName sw \"{{run}}.\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}&attributes=userName"
    Then the response status is 200
    And the value at "/totalResults" is 2
    And every resource has the value at "/id" present
    And every resource has the value at "/userName" present
    And every resource has the value at "/name" absent
    And every resource has the value at "/emails" absent

  @protocol @rfc7644-3.4.2.5 @capability-filter @must
  Scenario: excludedAttributes applies to every resource of a query
    RFC 7644 §3.4.2.5: attributes and excludedAttributes apply to the resources returned by a query.
    Given a user "bob" exists
    And the value "userName sw \"{{run}}.\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}&excludedAttributes=emails"
    Then the response status is 200
    And the value at "/totalResults" is 2
    And every resource has the value at "/id" present
    And every resource has the value at "/userName" present
    And every resource has the value at "/emails" absent

  @protocol @rfc7644-3.4.2.5 @must
  Scenario: excludedAttributes=members leaves the members out of a group
    RFC 7644 §3.4.2.5: excludedAttributes removes the named attributes, which lets a client read a large group without its member list.
    Given a group "eng" exists with members "alice"
    When the client sends GET "/Groups/{{eng.id}}?excludedAttributes=members"
    Then the response status is 200
    And the value at "/id" is "{{eng.id}}"
    And the value at "/displayName" is "{{run}} eng"
    And the value at "/members" is absent

  @protocol @rfc7644-3.9 @should
  Scenario: attributes applies to the response of a create
    RFC 7644 §3.9: clients MAY request a partial representation on any operation that returns a resource, including POST.
    When the client sends POST "/Users?attributes=userName" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.created@example.com",
        "name": {"givenName": "Cara", "familyName": "Created"},
        "title": "Analyst"
      }
      """
    Then the response status is 201
    And the value at "/id" is not empty
    And the value at "/userName" is "{{run}}.created@example.com"
    And the value at "/name" is absent
    And the value at "/title" is absent

  @protocol @rfc7644-3.9 @should
  Scenario: excludedAttributes applies to the response of a replace
    RFC 7644 §3.9: clients MAY request a partial representation on any operation that returns a resource, including PUT.
    When the client sends PUT "/Users/{{alice.id}}?excludedAttributes=name,emails" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "name": {"givenName": "Alice", "familyName": "Replaced"},
        "title": "Lead",
        "emails": [{"value": "alice@work.example.com", "type": "work", "primary": true}]
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/title" is "Lead"
    And the value at "/name" is absent
    And the value at "/emails" is absent
    When the client sends GET "/Users/{{alice.id}}"
    Then the value at "/name/familyName" is "Replaced"

  @protocol @rfc7644-3.5.2 @rfc7644-3.9 @capability-patch @must
  Scenario: attributes on a PATCH forces a 200 with the chosen attributes
    RFC 7644 §3.5.2: the server MUST return 200 OK with the resource, subject to the attributes parameter (§3.9), when attributes is given on a PATCH.
    When the client sends PATCH "/Users/{{alice.id}}?attributes=title" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "title", "value": "Principal"}]
      }
      """
    Then the response status is 200
    And the value at "/id" is "{{alice.id}}"
    And the value at "/title" is "Principal"
    And the value at "/userName" is absent
    And the value at "/emails" is absent

  @protocol @rfc7643-4.1.1 @rfc7643-7 @must
  Scenario: password is never returned, on create or read
    RFC 7643 §4.1.1: the cleartext or hashed value of a password SHALL NOT be returnable by a service provider; its returned characteristic is "never" (RFC 7643 §7).
    When the client sends POST "/Users" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.secret@example.com",
        "password": "Secret-{{run}}-0"
      }
      """
    Then the response status is 201
    And the value at "/password" is absent
    And the response is saved as "secret"
    When the client sends GET "/Users/{{secret.id}}"
    Then the response status is 200
    And the value at "/password" is absent

  @protocol @rfc7643-4.1.1 @rfc7643-7 @must
  Scenario: password is not returned even when asked for
    RFC 7643 §7: an attribute whose returned characteristic is "never" is not returned, even when named in the attributes parameter.
    When the client sends GET "/Users/{{alice.id}}?attributes=password,userName"
    Then the response status is 200
    And the value at "/password" is absent
    And the value at "/userName" is "{{run}}.alice@example.com"

  @protocol @rfc7643-4.1.1 @rfc7643-7 @capability-filter @must
  Scenario: password is not returned by queries
    RFC 7643 §4.1.1: a password SHALL NOT be returnable, and that includes the resources of a ListResponse.
    Given the value "userName eq \"{{alice.userName}}\"" saved as "filter"
    When the client sends GET "/Users?filter={{filter | pct}}"
    Then the response status is 200
    And the value at "/totalResults" is 1
    And every resource has the value at "/password" absent

  @protocol @rfc7643-4.1.1 @rfc7644-3.5.1 @must
  Scenario: password is not returned by a replace
    RFC 7643 §4.1.1: a password SHALL NOT be returnable, also in the response to a PUT that sets it.
    When the client sends PUT "/Users/{{alice.id}}" with:
      """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "{{run}}.alice@example.com",
        "password": "Secret-{{run}}-2"
      }
      """
    Then the response status is 200
    And the value at "/password" is absent
