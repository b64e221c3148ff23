Feature: Bulk operations
  POST /Bulk (RFC 7644 §3.7): many operations in one request, bulkId references between them,
  failOnErrors, per-operation results and the advertised limits. Skipped when the target declares
  bulk.supported = false.

  @protocol @rfc7644-3.7.2 @capability-bulk @must
  Scenario: A bulkId is resolved, also before the operation that defines it
    RFC 7644 §3.7.2: the service provider MUST try to resolve bulkId references, in any order; a group POSTed first may name a user POSTed later in the same request.
    When the client sends POST "/Bulk" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
       "Operations": [
         {"method": "POST", "path": "/Groups", "bulkId": "team",
          "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{{run}} bulk team",
                   "members": [{"type": "User", "value": "bulkId:ann"}]}},
         {"method": "POST", "path": "/Users", "bulkId": "ann",
          "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.ann@example.com"}}
       ]}
      """
    Then the response status is 200
    And the value at "/schemas" is ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"]
    And bulk operation 1 has status 201
    And bulk operation 2 has status 201
    And the value at "/Operations/0/bulkId" is "team"
    And the resource created by bulk operation 2 is saved as "ann"
    And the resource created by bulk operation 1 is saved as "team"
    And group "team" has exactly the members "ann"

  @protocol @rfc7644-3.7 @capability-bulk @must
  Scenario: One failed operation does not undo the others
    RFC 7644 §3.7: the service provider MUST continue performing as many changes as possible and disregard partial failures; the failed operation carries a SCIM Error as its response.
    When the client sends POST "/Bulk" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
       "Operations": [
         {"method": "POST", "path": "/Users", "bulkId": "ok",
          "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.ok@example.com"}},
         {"method": "DELETE", "path": "/Users/{{run}}-no-such-user"},
         {"method": "POST", "path": "/Users", "bulkId": "also",
          "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.also@example.com"}}
       ]}
      """
    Then the response status is 200
    And bulk operation 1 has status 201
    And bulk operation 2 has status 404
    And the value at "/Operations/1/response/schemas" is ["urn:ietf:params:scim:api:messages:2.0:Error"]
    And bulk operation 3 has status 201
    And the resource created by bulk operation 1 is saved as "ok"
    And the resource created by bulk operation 3 is saved as "also"

  @protocol @rfc7644-3.7 @capability-bulk @must
  Scenario: failOnErrors stops the Bulk after that many errors
    RFC 7644 §3.7: failOnErrors is the number of errors the service provider accepts before the operation is terminated; what follows is not performed.
    When the client sends POST "/Bulk" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "failOnErrors": 1,
       "Operations": [
         {"method": "DELETE", "path": "/Users/{{run}}-no-such-user"},
         {"method": "POST", "path": "/Users", "bulkId": "late",
          "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{{run}}.late@example.com"}}
       ]}
      """
    Then the response status is 200
    And the value at "/Operations" has 1 item
    And bulk operation 1 has status 404
    When the client sends GET "/Users?filter=userName%20eq%20%22{{run}}.late%40example.com%22"
    Then the value at "/totalResults" is 0

  @protocol @rfc7644-3.7.4 @capability-bulk @must
  Scenario: More operations than maxOperations is a 413 naming the limit
    RFC 7644 §3.7.4: if maxOperations is exceeded the service provider MUST return 413 Payload Too Large, and the response MUST specify the limit exceeded.
    When the client sends a Bulk request with one operation more than maxOperations
    Then the response is a SCIM Error with status 413
    And the value at "/detail" is present

  @protocol @rfc7644-3.7 @capability-bulk @capability-etag @should
  Scenario: An operation's version is its precondition
    RFC 7644 §3.7 and §3.14: an operation's version is the resource version it expects; a stale one fails that operation with 412 Precondition Failed and changes nothing.
    Given a user "vera" exists
    When the client sends POST "/Bulk" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
       "Operations": [
         {"method": "PATCH", "path": "/Users/{{vera.id}}", "version": "W/\"{{run}}-stale\"",
          "data": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                   "Operations": [{"op": "replace", "path": "title", "value": "stale"}]}},
         {"method": "PATCH", "path": "/Users/{{vera.id}}", "version": "{{vera.meta.version | json}}",
          "data": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                   "Operations": [{"op": "replace", "path": "title", "value": "fresh"}]}}
       ]}
      """
    Then the response status is 200
    And bulk operation 1 has status 412
    And bulk operation 2 has status 200
    When the client sends GET "/Users/{{vera.id}}"
    Then the value at "/title" is "fresh"

  @protocol @rfc7644-3.7.1 @capability-bulk @may
  Scenario: Circular bulkId references between new groups are resolved
    RFC 7644 §3.7.1: the service provider MUST try to resolve circular cross-references between resources in a single bulk job, but MAY stop after a failed attempt and answer 409; a server that resolves them gives each group the other as member.
    When the client sends POST "/Bulk" with:
      """
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
       "Operations": [
         {"method": "POST", "path": "/Groups", "bulkId": "a",
          "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{{run}} circle a",
                   "members": [{"type": "Group", "value": "bulkId:b"}]}},
         {"method": "POST", "path": "/Groups", "bulkId": "b",
          "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{{run}} circle b",
                   "members": [{"type": "Group", "value": "bulkId:a"}]}}
       ]}
      """
    Then the response status is 200
    And bulk operation 1 has status 201
    And bulk operation 2 has status 201
    And the resource created by bulk operation 1 is saved as "a"
    And the resource created by bulk operation 2 is saved as "b"
    And the value at "/members/0/value" is "{{a.id}}"
    When the client sends GET "/Groups/{{a.id}}"
    Then the value at "/members/0/value" is "{{b.id}}"
