@okta
Feature: "SCIM 2.0 with entitlements" apps discover the user schema
  Only apps of the "SCIM 2.0 with entitlements" kind (Okta Identity Governance) read the discovery
  endpoints: GET /ResourceTypes, then GET /Schemas, then each Entitlement or Role endpoint the
  resource types name (docs/idp/okta.md §1.2, §0.3, §3 Q22). Other Okta apps never call them, hence the
  SHOULD level.

  @should @documented
  Scenario: Entitlements discovery reads the resource types, then the schemas
    On enabling provisioning, an entitlements app reads GET /ResourceTypes and then GET /Schemas; both must answer 200 with a ListResponse describing each resource type (name, endpoint, schema) and each schema (id, attributes) (docs/idp/okta.md §1.2 [D]).
    When Okta sends GET "/ResourceTypes"
    Then the response status is 200
    And the response is a valid ListResponse
    And every resource has the value at "/name" present
    And every resource has the value at "/endpoint" present
    And every resource has the value at "/schema" present
    And the value at "/Resources" contains {"endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"}
    And the value at "/Resources" contains {"endpoint": "/Groups", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}
    When Okta sends GET "/Schemas"
    Then the response status is 200
    And the response is a valid ListResponse
    And every resource has the value at "/id" present
    And every resource has the value at "/attributes" present
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:User"}
    And the value at "/Resources" contains {"id": "urn:ietf:params:scim:schemas:core:2.0:Group"}
