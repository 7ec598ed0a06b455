#pragma once
// One name-keyed registry for every kind of model the analyzer can switch
// between by configuration (deepfake detectors, face detectors): register a
// factory under a name, create by name, list the names (as timm's model
// registry does). Thread-safe; factories run outside the lock.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace deeptrace::detect {

template <class Interface, class Context>
class Registry {
 public:
  using Factory = std::function<std::unique_ptr<Interface>(const Context&)>;

  // `kind` names what is registered, for error messages ("detector").
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  // Registers or replaces.
  void add(const std::string& name, Factory factory) {
    std::lock_guard lock(mutex_);
    factories_[name] = std::move(factory);
  }

  // Registers unless the name is taken; returns whether it did.
  bool add_if_absent(const std::string& name, Factory factory) {
    std::lock_guard lock(mutex_);
    return factories_.emplace(name, std::move(factory)).second;
  }

  bool contains(const std::string& name) const {
    std::lock_guard lock(mutex_);
    return factories_.count(name) > 0;
  }

  // Sorted by name.
  std::vector<std::string> names() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [name, factory] : factories_) out.push_back(name);
    return out;
  }

  // Throws Error(INVALID_REQUEST) for an unregistered name; whatever the
  // factory throws (Error(MODEL_UNAVAILABLE) for missing files) passes on.
  std::unique_ptr<Interface> create(const std::string& name, const Context& context) const {
    return factory_of(name)(context);
  }

 private:
  std::string kind_;
  mutable std::mutex mutex_;
  std::map<std::string, Factory> factories_;

  Factory factory_of(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = factories_.find(name);
    if (it == factories_.end()) throw Error(ErrorCode::INVALID_REQUEST, "unknown " + kind_ + " '" + name + "'");
    return it->second;
  }
};

}  // namespace deeptrace::detect
