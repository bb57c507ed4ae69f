//! `--query`: a JMESPath expression the answer is put through before printing.
//!
//! The jmespath crate holds objects in name order. Each object of the result gets back the order
//! its keys had where they came from: an object the expression builds (`{name: name, id: id}`) as
//! the expression writes them, any other as the first object of the answer with the same keys.

use std::collections::HashMap;

use jmespath::ast::Ast;
use serde_json::{Map, Value};

use crate::error::Error;

pub struct Query(jmespath::Expression<'static>);

impl Query {
    /// The expression `text`; one that does not parse is refused before anything is sent.
    pub fn compile(text: &str) -> Result<Query, Error> {
        jmespath::compile(text).map(Query).map_err(|e| Error::Build(format!("--query: {e}")))
    }

    /// What the expression finds in `answer`, its objects' keys in the order they had.
    pub fn search(&self, answer: &Value) -> Result<Value, Error> {
        let found = self.0.search(answer.clone()).map_err(|e| Error::Build(format!("--query: {e}")))?;
        let mut found = serde_json::to_value(&*found).map_err(|e| Error::Build(format!("--query: {e}")))?;
        let mut orders = KeyOrders::default();
        orders.learn_from_expression(self.0.as_ast());
        orders.learn_from_answer(answer);
        orders.restore(&mut found);
        Ok(found)
    }
}

/// The order of keys by the set they form (written sorted): the first order seen for each set.
#[derive(Default)]
struct KeyOrders(HashMap<Vec<String>, Vec<String>>);

impl KeyOrders {
    fn learn(&mut self, keys: Vec<String>) {
        let mut set = keys.clone();
        set.sort();
        self.0.entry(set).or_insert(keys);
    }

    /// The keys of every object the expression builds.
    fn learn_from_expression(&mut self, ast: &Ast) {
        let children: Vec<&Ast> = match ast {
            Ast::MultiHash { elements, .. } => {
                self.learn(elements.iter().map(|pair| pair.key.clone()).collect());
                elements.iter().map(|pair| &pair.value).collect()
            }
            Ast::Comparison { lhs, rhs, .. }
            | Ast::Projection { lhs, rhs, .. }
            | Ast::And { lhs, rhs, .. }
            | Ast::Or { lhs, rhs, .. }
            | Ast::Subexpr { lhs, rhs, .. } => vec![lhs, rhs],
            Ast::Condition { predicate, then, .. } => vec![predicate, then],
            Ast::Expref { ast: node, .. }
            | Ast::Flatten { node, .. }
            | Ast::Not { node, .. }
            | Ast::ObjectValues { node, .. } => vec![node],
            Ast::Function { args, .. } => args.iter().collect(),
            Ast::MultiList { elements, .. } => elements.iter().collect(),
            // Fields, indexes, slices, literals and `@` build no object.
            _ => Vec::new(),
        };
        for child in children {
            self.learn_from_expression(child);
        }
    }

    /// The keys of every object of the answer, in document order.
    fn learn_from_answer(&mut self, answer: &Value) {
        match answer {
            Value::Object(fields) => {
                self.learn(fields.keys().cloned().collect());
                fields.values().for_each(|value| self.learn_from_answer(value));
            }
            Value::Array(items) => items.iter().for_each(|item| self.learn_from_answer(item)),
            _ => {}
        }
    }

    /// Puts the keys of every object in `value` in the order learnt for their set; objects of a
    /// set never seen (one a function made) stay in name order.
    fn restore(&self, value: &mut Value) {
        match value {
            Value::Object(fields) => {
                let mut set: Vec<String> = fields.keys().cloned().collect();
                set.sort();
                if let Some(order) = self.0.get(&set) {
                    let mut unordered = std::mem::take(fields);
                    let mut ordered = Map::new();
                    for key in order {
                        if let Some(field) = unordered.remove(key) {
                            ordered.insert(key.clone(), field);
                        }
                    }
                    *fields = ordered;
                }
                fields.values_mut().for_each(|field| self.restore(field));
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.restore(item)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn keys(value: &Value) -> Vec<&str> {
        value.as_object().expect("an object").keys().map(String::as_str).collect()
    }

    fn searched(query: &str, answer: &Value) -> Value {
        Query::compile(query).unwrap().search(answer).unwrap()
    }

    #[test]
    fn objects_keep_the_order_of_the_answer_or_of_the_expression() {
        let answer = json!({
            "zeta": 1,
            "status": {"state": 2, "code": "RUNNING"},
            "tasks": [{"name": "b", "id": 2, "size": 9}, {"name": "a", "id": 1, "size": 3}],
        });
        assert_eq!(keys(&searched("@", &answer)), ["zeta", "status", "tasks"]);
        assert_eq!(keys(&searched("status", &answer)), ["state", "code"]);
        assert_eq!(keys(&searched("tasks[1]", &answer)), ["name", "id", "size"]);
        let sorted = searched("sort_by(tasks, &id)", &answer);
        assert_eq!(sorted[0]["name"], "a");
        assert_eq!(keys(&sorted[0]), ["name", "id", "size"]);
        assert_eq!(keys(&searched("{z: zeta, a: status.code}", &answer)), ["z", "a"]);
        let rows = searched("tasks[?size > `1`].{size: size, name: name}", &answer);
        assert_eq!(keys(&rows[0]), ["size", "name"]);
        assert_eq!(keys(&searched("[status, {y: zeta, x: zeta}][1]", &answer)), ["y", "x"]);
        assert_eq!(searched("tasks[].id", &answer), json!([2, 1]));
    }

    #[test]
    fn objects_only_a_function_makes_stay_in_name_order() {
        let answer = json!({"b": {"y": 1}, "a": {"x": 2}});
        assert_eq!(keys(&searched("merge(b, a)", &answer)), ["x", "y"]);
    }
}
