//! Property tests of how typed filters and sort orders are written into the query.

use clerk_users::models::UserOrderByField;
use clerk_users::{Direction, Filter, OrderBy};
use proptest::prelude::*;

/// Identifiers and field names as Clerk uses them: no leading sign.
fn name() -> impl Strategy<Value = String> {
    "[a-z0-9_][a-zA-Z0-9_.@-]{0,30}"
}

proptest! {
    #[test]
    fn include_and_exclude_prefix_the_value(id in name()) {
        prop_assert_eq!(Filter::include(id.as_str()).to_string(), format!("+{id}"));
        prop_assert_eq!(Filter::exclude(id.as_str()).to_string(), format!("-{id}"));
        prop_assert_eq!(Filter::from(id.as_str()).to_string(), id);
    }

    #[test]
    fn order_by_renders_and_parses_back(field in name(), descending in any::<bool>()) {
        let order = if descending { OrderBy::desc(&field) } else { OrderBy::asc(&field) };
        let text = order.to_string();
        prop_assert_eq!(&text[1..], field.as_str());
        prop_assert_eq!(text.starts_with('-'), descending);
        prop_assert_eq!(text.parse::<OrderBy>(), Ok(order));
    }

    #[test]
    fn a_plain_order_string_is_sent_as_given(text in "[+-]?[a-z_]{1,20}") {
        prop_assert_eq!(OrderBy::from(text.as_str()).to_string(), text);
    }
}

#[test]
fn typed_fields_render_their_wire_names() {
    let order = OrderBy::desc(UserOrderByField::LastSignInAt);
    assert_eq!(order.to_string(), "-last_sign_in_at");
    assert_eq!(order.direction(), Some(Direction::Descending));
    assert_eq!(
        OrderBy::field(UserOrderByField::Username).to_string(),
        "username"
    );
    let future = UserOrderByField::from("last_seen_on_mars");
    assert_eq!(OrderBy::asc(future).to_string(), "+last_seen_on_mars");
}
