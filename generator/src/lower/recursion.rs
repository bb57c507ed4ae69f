//! Types that contain themselves. A struct field or `oneOf` variant whose type leads back to its
//! own model (directly, not through a list or map) would make an infinitely large Rust type; those
//! are held in a `Box`.

use std::collections::HashMap;

use crate::ir::{Model, ModelKind, Type};

pub fn box_cycles(models: &mut [Model]) {
    let index: HashMap<String, usize> = models.iter().enumerate().map(|(i, m)| (m.name.word().to_owned(), i)).collect();
    // A nullable value is still held in place (an `Option` is as large as what it holds).
    let target = |ty: &Type| match ty {
        Type::Named(name) => index.get(name.word()).copied(),
        Type::Nullable(inner) => match inner.as_ref() {
            Type::Named(name) => index.get(name.word()).copied(),
            _ => None,
        },
        _ => None,
    };
    let edges: Vec<Vec<usize>> = models
        .iter()
        .map(|model| match &model.kind {
            ModelKind::Struct(structure) => structure.fields.iter().filter_map(|f| target(&f.ty)).collect(),
            ModelKind::OneOf(variants) => variants.iter().filter_map(|v| target(&v.ty)).collect(),
            ModelKind::Tagged(tagged) => tagged.variants.iter().filter_map(|v| target(&v.ty)).collect(),
            // What a newtype holds is a list or map: an indirection already.
            ModelKind::Enum(_) | ModelKind::Newtype(..) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, model) in models.iter_mut().enumerate() {
        // An edge lies on a cycle exactly when both of its ends are in one component.
        let on_cycle = |ty: &Type| target(ty).is_some_and(|j| component[j] == component[i]);
        match &mut model.kind {
            ModelKind::Struct(structure) => {
                for field in &mut structure.fields {
                    field.boxed = on_cycle(&field.ty);
                }
            }
            ModelKind::OneOf(variants) => {
                for variant in variants {
                    variant.boxed = on_cycle(&variant.ty);
                }
            }
            ModelKind::Tagged(tagged) => {
                for variant in &mut tagged.variants {
                    variant.boxed = on_cycle(&variant.ty);
                }
            }
            ModelKind::Enum(_) | ModelKind::Newtype(..) => {}
        }
    }
}

/// Tarjan's algorithm, without recursion so that no spec can exhaust the stack: the component
/// number of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut stack, mut on_stack) = (Vec::new(), vec![false; n]);
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its edges have been followed.
        let mut frames = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut followed)) = frames.last_mut() {
            if let Some(&next) = edges[node].get(*followed) {
                *followed += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles_only() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 leads into it; 4 -> 4 loops on itself.
        let component = strongly_connected(&[vec![1], vec![2], vec![0], vec![0], vec![4]]);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[4], component[3]);
    }
}
